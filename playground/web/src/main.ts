/**
 * The playground page: a Rocket.Chat-like room list and message view on the left, Jeedom's side on the
 * right. Lit components rendering the server's state; every action goes back to the server.
 */
import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type {
  BlockView,
  MessageView,
  ModalView,
  NoticeView,
  PersonView,
  PlaygroundState,
  RoomView,
} from '../../server/view';
import { post, RefusedError, subscribe } from './api';
import { jeedomPanel } from './jeedomPanel';
import { time } from './time';
import { language, refusal, t, type Key } from './i18n';

const EXAMPLES: Record<string, string> = {
  fr: 'allume la lumière du salon',
  en: 'turn on the living room light',
};

const ROLE_KEYS: Record<PersonView['role'], Key> = {
  admin: 'role_admin',
  member: 'role_member',
  guest: 'role_guest',
};

// Drawn, not emoji: the page must look the same on a machine without an emoji font.
const LOCK = svg`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor"/><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`;

function roomIcon(kind: RoomView['kind'] | undefined): TemplateResult | string {
  if (kind === 'p') return html`${LOCK}`;
  return kind === 'c' ? '#' : '@';
}

type Line = { kind: 'message'; message: MessageView } | { kind: 'notice'; notice: NoticeView };

/** Rocket.Chat's light markdown: *bold*, _italic_, `code`; everything else as text (Lit escapes it). */
function markdown(text: string): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  const pattern = /\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    parts.push(text.slice(last, match.index));
    if (match[1] !== undefined) parts.push(html`<strong>${match[1]}</strong>`);
    else if (match[2] !== undefined) parts.push(html`<em>${match[2]}</em>`);
    else parts.push(html`<code>${match[3]}</code>`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export class JeedomPlayground extends LitElement {
  static properties = {
    state: { state: true },
    personId: { state: true },
    roomId: { state: true },
    threadOf: { state: true },
    error: { state: true },
    draft: { state: true },
    choices: { state: true },
  };

  // Declared, not defined: class fields would hide Lit's reactive accessors.
  declare state?: PlaygroundState;
  declare personId: string;
  declare roomId: string;
  declare threadOf?: MessageView;
  declare error: string;
  declare draft: string;
  /** What the person picked in the open modal, per field. */
  declare choices: Record<string, string>;
  private unsubscribe?: () => void;
  /** What the message list showed last: a new line, or another room, scrolls it to the newest. */
  private shown = '';

  constructor() {
    super();
    this.personId = '';
    this.roomId = '';
    this.error = '';
    this.draft = '';
    this.choices = {};
  }

  // Light DOM: the page's stylesheet applies and tests find elements plainly.
  protected createRenderRoot(): HTMLElement {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    document.title = t('title');
    document.documentElement.lang = language;
    // The demo people (and so the bot's answers) speak the page's language.
    void post('language', { lang: language }).catch(() => undefined);
    this.unsubscribe = subscribe((state) => {
      this.state = state;
      this.personId ||= state.people.find((p) => p.role === 'member')?.id ?? state.people[0]?.id ?? '';
      this.roomId ||= 'dm';
    });
  }

  /** Keeps the newest message in view, as Rocket.Chat does; the page itself never scrolls. */
  protected updated(): void {
    const list = this.querySelector<HTMLElement>('[data-testid="messages"]');
    if (!list) return;
    const shown = `${this.viewRoomId}:${list.childElementCount}:${list.lastElementChild?.textContent?.length ?? 0}`;
    if (shown === this.shown) return;
    this.shown = shown;
    list.scrollTop = list.scrollHeight;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  private get person(): PersonView | undefined {
    return this.state?.people.find((p) => p.id === this.personId);
  }

  /** The DM is each person's own: `dm` in the list, `dm:<person id>` in messages. */
  private get viewRoomId(): string {
    return this.roomId === 'dm' ? `dm:${this.personId}` : this.roomId;
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.error = '';
    try {
      await work();
    } catch (error) {
      const message =
        error instanceof RefusedError
          ? refusal(error.code, error.params, error.message)
          : error instanceof Error
            ? error.message
            : String(error);
      this.error = t('error', { message });
    }
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.draft.trim();
    if (!text) return;
    const threadId = this.threadOf?.id;
    // Cleared at once, not when the server answers: what is typed meanwhile is the next message, not lost.
    this.draft = '';
    await this.act(async () => {
      try {
        await post('send', { personId: this.personId, roomId: this.roomId, text, threadId });
      } catch (error) {
        if (!this.draft) this.draft = text;
        throw error;
      }
    });
  }

  /** A demo action posts somewhere: show that room, as a notification would take you there. */
  private demo(path: string): Promise<void> {
    return this.act(async () => {
      const { roomId } = await post(path);
      if (roomId && roomId !== this.roomId) {
        this.roomId = roomId;
        this.threadOf = undefined;
      }
    });
  }

  private pressButton(message: MessageView, actionId: string, value: string): Promise<void> {
    return this.act(async () => {
      await post('click', { personId: this.personId, messageId: message.id, actionId, value });
    });
  }

  render(): TemplateResult {
    const state = this.state;
    if (!state) return html`<p class="connecting">${t('connecting')}</p>`;
    const modal = state.modals?.[this.personId];
    return html`<div class="layout">
        ${this.sidebar(state)} ${this.room(state)} ${jeedomPanel(state, (path) => void this.demo(path))}
      </div>
      ${modal ? this.modal(modal) : nothing}`;
  }

  // ---- left: who am I, rooms ---------------------------------------------------------------------------

  private sidebar(state: PlaygroundState): TemplateResult {
    const person = this.person;
    const rooms = state.rooms.filter((r) => r.kind !== 'd');
    const dms = state.rooms.filter((r) => r.kind === 'd');
    return html`<nav class="sidebar">
      <label class="whoami"
        >${t('you_are')}
        <select
          data-testid="person"
          .value=${this.personId}
          @change=${(e: Event) => {
            this.personId = (e.target as HTMLSelectElement).value;
            this.threadOf = undefined;
            this.error = '';
          }}
        >
          ${state.people.map(
            (p) =>
              html`<option value=${p.id} ?selected=${p.id === this.personId}>
                @${p.username} — ${t(ROLE_KEYS[p.role])}
              </option>`,
          )}
        </select>
      </label>
      <p class="mapping">
        ${person?.jeedomLogin ? t('mapped_to', { login: person.jeedomLogin }) : t('not_mapped')}
      </p>
      <h2>${t('channels')}</h2>
      ${rooms.map((r) => this.roomLink(r))}
      <h2>${t('direct_messages')}</h2>
      ${dms.map((r) => this.roomLink(r))}
    </nav>`;
  }

  private roomLink(room: RoomView): TemplateResult {
    return html`<button
      class="room-link ${room.id === this.roomId ? 'active' : ''}"
      data-room=${room.name}
      @click=${() => {
        this.roomId = room.id;
        this.threadOf = undefined;
        this.error = '';
      }}
    >
      <span class="room-icon">${roomIcon(room.kind)}</span>${room.name}
    </button>`;
  }

  // ---- middle: the room ---------------------------------------------------------------------------------

  private room(state: PlaygroundState): TemplateResult {
    const room = state.rooms.find((r) => r.id === this.roomId);
    const roomId = this.viewRoomId;
    const lines: Line[] = [
      ...state.messages
        .filter((m) => m.roomId === roomId)
        .map((message): Line => ({ kind: 'message', message })),
      ...(state.notices[this.personId] ?? [])
        .filter((n) => n.roomId === roomId || (this.roomId === 'dm' && n.roomId === roomId))
        .map((notice): Line => ({ kind: 'notice', notice })),
    ].sort((a, b) => at(a) - at(b));
    const example = EXAMPLES[language] ?? EXAMPLES.en;
    const placeholder =
      room?.kind === 'd'
        ? t('placeholder_dm', { bot: state.botUsername, example })
        : t('placeholder_room', { room: room?.name ?? '', bot: state.botUsername });
    return html`<main class="room">
      <header class="room-header">
        <span class="room-icon">${roomIcon(room?.kind)}</span> ${room?.name ?? ''}
      </header>
      <section class="messages" data-testid="messages">
        ${
          lines.length
            ? lines.map((line) =>
                line.kind === 'message' ? this.message(line.message, state) : this.notice(line.notice),
              )
            : html`<p class="empty">${t('empty_room')}</p>`
        }
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.threadOf
          ? html`<p class="replying">
              ${t('replying_to', { text: this.threadOf.text.slice(0, 60) })}
              <button class="link" @click=${() => (this.threadOf = undefined)}>${t('cancel')}</button>
            </p>`
          : nothing
      }
      <form class="composer" @submit=${(e: Event) => this.submit(e)}>
        <input
          data-testid="composer"
          .value=${this.draft}
          @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
          placeholder=${placeholder}
          autocomplete="off"
        />
        <button type="submit">${t('send')}</button>
      </form>
    </main>`;
  }

  private message(message: MessageView, state: PlaygroundState): TemplateResult {
    const parent = message.threadId ? state.messages.find((m) => m.id === message.threadId) : undefined;
    return html`<article class="message ${message.bot ? 'from-bot' : ''}" data-message=${message.id}>
      <div class="avatar">${message.sender.slice(0, 1).toUpperCase()}</div>
      <div class="body">
        <div class="meta">
          <strong>${message.sender}</strong>
          ${message.bot ? html`<span class="badge">${t('bot_badge')}</span>` : nothing}
          <time>${time(message.at)}</time>
          ${message.edited ? html`<span class="edited">(${t('edited')})</span>` : nothing}
          ${parent ? html`<span class="thread">↳ ${t('in_thread')}: ${parent.text.slice(0, 40)}</span>` : nothing}
        </div>
        ${message.text ? html`<div class="text">${markdown(message.text)}</div>` : nothing}
        ${message.images.map(
          (image) =>
            html`<figure class="image">
              <img src=${image.url.replace(/^\//, './')} alt=${image.name} />
              <figcaption>${image.name}</figcaption>
            </figure>`,
        )}
        ${message.files.map(
          (file) => html`<a class="file" href=${file.url.replace(/^\//, './')}>${file.name}</a>`,
        )}
        ${
          message.buttons.length
            ? html`<div class="actions">
                ${message.buttons.map(
                  (b) =>
                    html`<button
                      class="ask-button"
                      data-testid="message-button"
                      @click=${() => this.pressButton(message, b.actionId, b.value)}
                    >
                      ${b.text}
                    </button>`,
                )}
              </div>`
            : nothing
        }
        ${
          !message.threadId
            ? html`<button class="link reply" @click=${() => (this.threadOf = message)}>
                ${t('reply_in_thread')}
              </button>`
            : nothing
        }
      </div>
    </article>`;
  }

  private notice(notice: NoticeView): TemplateResult {
    return html`<article class="message notice" data-notice=${notice.id}>
      <div class="avatar">i</div>
      <div class="body">
        <div class="meta"><span class="only-you">${t('only_you')}</span><time>${time(notice.at)}</time></div>
        ${
          notice.blocks.length
            ? html`<div class="notice-blocks">${notice.blocks.map((b) => this.block(notice, b))}</div>`
            : html`<div class="text">${markdown(notice.text)}</div>`
        }
      </div>
    </article>`;
  }

  /** A UIKit block of a notice: a text, or a row of buttons that go back to the app. */
  private block(notice: NoticeView, block: BlockView): TemplateResult {
    if (block.kind === 'text') return html`<div class="text">${markdown(block.text)}</div>`;
    return html`<div class="actions">
      ${block.buttons.map(
        (b) =>
          html`<button
            class="ask-button"
            data-testid="notice-button"
            data-action=${b.actionId}
            @click=${() =>
              this.act(async () => {
                await post('click-notice', {
                  personId: this.personId,
                  noticeId: notice.id,
                  actionId: b.actionId,
                  value: b.value,
                });
                this.choices = {};
              })}
          >
            ${b.text}
          </button>`,
      )}
    </div>`;
  }

  /** The app's modal (Rocket.Chat draws it over the room): its fields, the app's refusals by each. */
  private modal(modal: ModalView): TemplateResult {
    const value = (blockId: string, first: string) => this.choices[blockId] ?? first;
    return html`<div class="modal-backdrop">
      <form
        class="modal"
        role="dialog"
        data-testid="modal"
        @submit=${(e: Event) => {
          e.preventDefault();
          const values = Object.fromEntries(
            modal.fields.map((f) => [f.blockId, value(f.blockId, f.options[0]?.value ?? '')]),
          );
          void this.act(() =>
            post('modal/submit', { personId: this.personId, values }).then(() => undefined),
          );
        }}
      >
        <h3>${modal.title}</h3>
        ${modal.fields.map(
          (f) =>
            html`<label
              >${f.label}
              <select
                data-field=${f.blockId}
                .value=${value(f.blockId, f.options[0]?.value ?? '')}
                @change=${(e: Event) =>
                  (this.choices = { ...this.choices, [f.blockId]: (e.target as HTMLSelectElement).value })}
              >
                ${f.options.map((o) => html`<option value=${o.value}>${o.text}</option>`)}
              </select>
              ${modal.errors[f.blockId] ? html`<span class="field-error">${modal.errors[f.blockId]}</span>` : nothing}
            </label>`,
        )}
        <footer>
          <button
            type="button"
            @click=${() => this.act(() => post('modal/close', { personId: this.personId }).then(() => undefined))}
          >
            ${modal.cancel}
          </button>
          <button type="submit" class="primary" data-testid="modal-submit">${modal.submit}</button>
        </footer>
      </form>
    </div>`;
  }
}

function at(line: Line): number {
  return line.kind === 'message' ? line.message.at : line.notice.at;
}

customElements.define('jeedom-playground', JeedomPlayground);
