/**
 * How much text a channel's `send` command can carry. The script plugin sends title and message URL-encoded in
 * a GET's query; Rocket.Chat's HTTP server (Node.js) refuses a request line plus headers over 16,384 bytes with
 * HTTP 431 and an empty body, and Jeedom then logs `La réponse ne contient pas "ok"`. What is left once the
 * endpoint's URL and the plugin's headers are counted (with room for a private URL's hash), rounded down:
 */
export const SEND_GET_BUDGET_BYTES = 15_000;

/** An accented letter (é: two UTF-8 bytes) takes 6 bytes URL-encoded (`%C3%A9`). */
export const ACCENTED_LETTER_BYTES = 6;
