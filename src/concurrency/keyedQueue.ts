/**
 * Work for one key (a room, a question, a call) runs one after the other in this process; different keys run
 * side by side. A failure does not stop the queue. Other server instances know nothing of it: work that must
 * not run twice among them also takes a claim in the app's storage, which makes that unlikely, not impossible.
 */
type KeyedQueue = <T>(key: string, work: () => Promise<T>) => Promise<T>;

export function keyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    tails.set(key, tail);
    // Forgotten once idle, so the map does not grow with every room or question ever seen.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return next;
  };
}
