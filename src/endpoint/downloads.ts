/**
 * How many downloads may run at once, per room and for the whole app: a room token holder must not be able
 * to hold the server's connections with addresses that never answer. In memory: each server instance
 * limits itself.
 */
const ROOM_DOWNLOADS = 2;
const GLOBAL_DOWNLOADS = 6;

export class DownloadSlots {
  private readonly perRoom = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly roomLimit = ROOM_DOWNLOADS,
    private readonly globalLimit = GLOBAL_DOWNLOADS,
  ) {}

  /** A slot, or undefined when the room or the app already has as many downloads as allowed. */
  take(roomId: string): (() => void) | undefined {
    const inRoom = this.perRoom.get(roomId) ?? 0;
    if (inRoom >= this.roomLimit || this.total >= this.globalLimit) return undefined;
    this.perRoom.set(roomId, inRoom + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perRoom.get(roomId) ?? 1) - 1;
      if (left > 0) this.perRoom.set(roomId, left);
      else this.perRoom.delete(roomId);
    };
  }
}
