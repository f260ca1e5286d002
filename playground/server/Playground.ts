/**
 * The playground: the official engine running the app zip (the same harness the end-to-end tests use), a
 * Jeedom (the simulator with a demo house, or a real one), and a small web server for the page: its files,
 * the state as JSON and as a live event stream, and the actions a person can take.
 */
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { z } from 'zod';
import { LANGUAGES } from '../../src/i18n/languages';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import { JeedomSimulator } from '../../devkit/simulator';
import { askSchema } from '../../src/storage/AskStore';
import { addGarageScenario, seedDemoHouse, setGarage, type DemoHouse } from './demoHouse';
import { parse, PlaygroundHttp, RequestError } from './http';
import { RemoteSide, SimulatorSide, type JeedomSide } from './jeedomSide';
import {
  messageView,
  modalView,
  noticesByPerson,
  type AskView,
  type PersonView,
  type PlaygroundState,
  type Role,
  type RoomView,
} from './view';

export interface RealJeedom {
  url: string;
  apiKey: string;
  /** Jeedom logins the demo admin and household member are mapped to. */
  adminLogin?: string;
  memberLogin?: string;
  /**
   * How that Jeedom reaches the playground's Rocket.Chat (its `send` commands call back there): the app's
   * `public_url`. The Rocket.Chat stand-in then listens on all interfaces, on this URL's port.
   */
  publicUrl?: string;
}

export interface PlaygroundOptions {
  zipPath: string;
  /** The built page (Vite's output folder). */
  webRoot: string;
  port?: number;
  /** When `port` is taken, take a free one instead of failing (npm start without --port). */
  anyPortIfBusy?: boolean;
  host?: string;
  /** Absent: the simulator with the demo house. */
  jeedom?: RealJeedom;
  /** The simulator's Jeedom version (default 4.5.3): `4.4.x` answers in 4.4's dialect. */
  simulatorVersion?: string;
}

const DM = 'dm';

const sendSchema = z.object({
  personId: z.string().min(1),
  roomId: z.string().min(1),
  text: z.string().min(1).max(5000),
  threadId: z.string().optional(),
});
const noticeClickSchema = z.object({
  personId: z.string().min(1),
  noticeId: z.string().min(1),
  actionId: z.string().min(1),
  value: z.string(),
});
const submitSchema = z.object({
  personId: z.string().min(1),
  values: z.record(z.string().max(200)),
});
const personSchema = z.object({ personId: z.string().min(1) });
const languageSchema = z.object({ lang: z.string().max(20) });

/** A modal the app opened: its view as the app sent it, and the room it was opened from. */
interface OpenModal {
  view: { id: string; blocks?: unknown };
  roomId: string;
  errors: Record<string, string>;
}

const clickSchema = z.object({
  personId: z.string().min(1),
  messageId: z.string().min(1),
  actionId: z.string().min(1),
  value: z.string(),
});

export class Playground {
  private http?: PlaygroundHttp;
  private readonly people: Array<PersonView & { user: IUser }> = [];
  private rooms: IRoom[] = [];
  private readonly modals = new Map<string, OpenModal>();
  private garageScenario?: number;
  private sendCmdId?: number;
  url = '';

  private constructor(
    readonly rc: RocketChatHarness,
    readonly side: JeedomSide,
    readonly sim: JeedomSimulator | undefined,
    readonly demo: DemoHouse | undefined,
    private readonly options: PlaygroundOptions,
  ) {}

  static async start(options: PlaygroundOptions): Promise<Playground> {
    let sim: JeedomSimulator | undefined;
    let demo: DemoHouse | undefined;
    if (!options.jeedom) {
      sim = new JeedomSimulator();
      if (options.simulatorVersion) sim.setVersion(options.simulatorVersion);
      await sim.start();
      demo = seedDemoHouse(sim);
    }
    let rc: RocketChatHarness;
    try {
      rc = await RocketChatHarness.start({ zipPath: options.zipPath, listen: listenFor(options.jeedom) });
    } catch (error) {
      await sim?.stop();
      throw error;
    }
    const side: JeedomSide = sim
      ? new SimulatorSide(sim)
      : new RemoteSide(options.jeedom!.url, options.jeedom!.apiKey, (o) => rc.bridges.http.observe(o));
    const playground = new Playground(rc, side, sim, demo, options);
    try {
      await playground.seedChat();
      playground.http = await PlaygroundHttp.start(playground, options);
      playground.url = playground.http.url;
    } catch (error) {
      await playground.stop();
      throw error;
    }
    return playground;
  }

  /** Three people, a channel and a private group with the bot, the app configured and synced. */
  private async seedChat(): Promise<void> {
    const rc = this.rc;
    const jeedom = this.options.jeedom;
    const person = (username: string, role: Role, jeedomLogin: string) => {
      const user = rc.addUser(username, { admin: role === 'admin' });
      this.people.push({ id: user.id, username, role, jeedomLogin, user });
      return user;
    };
    const alex = person('alex', 'admin', jeedom?.adminLogin ?? 'admin');
    const marie = person('marie', 'member', jeedom?.memberLogin ?? 'marie');
    const guest = person('guest', 'guest', '');
    const maison = rc.addRoom('c', 'maison', [alex, marie, guest]);
    const famille = rc.addRoom('p', 'famille', [alex, marie]);
    this.rooms = [maison, famille];
    await rc.setSetting('jeedom_url', jeedom?.url ?? this.sim!.baseUrl);
    await rc.setSetting('jeedom_api_key', jeedom?.apiKey ?? this.sim!.keys.admin);
    if (jeedom?.publicUrl) await rc.setSetting('public_url', jeedom.publicUrl);
    for (const p of this.people)
      if (p.jeedomLogin) await rc.slash(alex, maison, `map @${p.username} ${p.jeedomLogin}`);
    await rc.runJob('jeedom-sync');
    if (this.sim) {
      const sim = this.sim;
      const send = await rc.waitFor(
        () => {
          const eq = sim.equipment
            .eqLogicRows('script')
            .find((e) => e.logicalId === `rocketchat:${maison.id}`);
          return eq && sim.equipment.cmdRowsOf([eq.id]).find((c) => c.logicalId === 'send');
        },
        { what: 'the channel equipment', timeoutMs: 20_000 },
      );
      this.sendCmdId = send.id;
      this.garageScenario = addGarageScenario(sim, send.id);
    }
    // The mapping confirmations are the set-up's, not the visitor's.
    rc.world.notices.splice(0);
  }

  // ---- state ------------------------------------------------------------------------------------------

  private dmOf(personId: string): IRoom | undefined {
    const p = this.people.find((x) => x.id === personId);
    return p && this.rc.world.directRoomOf([p.username, this.rc.bot.username]);
  }

  state(): PlaygroundState {
    const rc = this.rc;
    const botId = rc.bot.id;
    const dmIds = new Map<string, string>();
    for (const p of this.people) {
      const dm = this.dmOf(p.id);
      if (dm) dmIds.set(dm.id, p.id);
    }
    const rooms: RoomView[] = [
      ...this.rooms.map((r) => ({ id: r.id, name: r.slugifiedName, kind: r.type as 'c' | 'p' })),
      { id: DM, name: rc.bot.username, kind: 'd' as const },
    ];
    const messages = rc.world.messages.map((m) => {
      const view = messageView(m, botId);
      const owner = dmIds.get(view.roomId);
      return owner ? { ...view, roomId: `${DM}:${owner}` } : view;
    });
    const notices = noticesByPerson(
      rc.world.notices.map((n) => {
        const owner = dmIds.get(n.roomId);
        return owner ? { ...n, roomId: `${DM}:${owner}` } : n;
      }),
      this.people,
    );
    return {
      botUsername: rc.bot.username,
      people: this.people.map(({ id, username, role, jeedomLogin }) => ({ id, username, role, jeedomLogin })),
      rooms,
      messages,
      notices,
      modals: Object.fromEntries(
        [...this.modals.entries()].map(([personId, open]) => [
          personId,
          modalView(open.view as never, this.people, open.errors),
        ]),
      ),
      jeedom: {
        mode: this.side.mode,
        url: this.side.url,
        equipments: this.side.equipments(),
        asks: this.asks(),
        calls: [...this.side.calls].reverse(),
        demo: !!this.sim,
      },
    };
  }

  /** The app's stored questions, read from its persistence as the server keeps it, with the app's schema. */
  private asks(): AskView[] {
    const dmIds = new Map(this.people.map((p) => [this.dmOf(p.id)?.id, p.id]));
    return [...this.rc.world.persistence.values()].flatMap((record) => {
      const parsed = askSchema.safeParse(record.data);
      if (!parsed.success) return [];
      const ask = parsed.data;
      const owner = dmIds.get(ask.roomId);
      return [
        {
          question: ask.question,
          answers: ask.answers,
          roomId: owner ? `${DM}:${owner}` : ask.roomId,
          expiresAt: ask.expiresAt,
          answer: ask.answer ?? '',
          answeredBy: ask.answeredBy ?? '',
        },
      ];
    });
  }

  // ---- actions ----------------------------------------------------------------------------------------

  private personOf(personId: string): IUser {
    const p = this.people.find((x) => x.id === personId);
    if (!p) throw new RequestError(400, 'unknown_person', 'unknown person');
    return p.user;
  }

  private roomFor(user: IUser, roomId: string): IRoom {
    if (roomId === DM || roomId.startsWith(`${DM}:`)) return this.rc.directWithBot(user);
    const room = this.rooms.find((r) => r.id === roomId);
    if (!room) throw new RequestError(400, 'unknown_room', 'unknown room');
    if (!this.rc.world.members.get(room.id)?.has(user.id))
      throw new RequestError(403, 'not_member', 'not a member of this room');
    return room;
  }

  /** A message, or a slash command as Rocket.Chat runs it (not posted, only `/jeedom` exists here). */
  async send(input: unknown): Promise<void> {
    const { personId, roomId, text, threadId } = parse(sendSchema, input);
    const user = this.personOf(personId);
    const room = this.roomFor(user, roomId);
    const command = /^\/(\S+)(?: (.*))?$/s.exec(text.trim());
    if (command) {
      if (command[1] !== 'jeedom')
        throw new RequestError(400, 'unknown_command', `no such command: /${command[1]}`, {
          command: `/${command[1]}`,
        });
      await this.rc.slash(user, room, command[2] ?? '', { threadId });
      return;
    }
    await this.rc.postMessage(user, room, text, threadId ? ({ threadId } as never) : {});
  }

  async click(input: unknown): Promise<void> {
    const { personId, messageId, actionId, value } = parse(clickSchema, input);
    const user = this.personOf(personId);
    const message = this.rc.world.messageById(messageId);
    if (!message) throw new RequestError(404, 'no_message', 'no such message');
    await this.rc.clickButton(user, message as StoredMessage, actionId, value);
  }

  /** A button in an ephemeral notice (the people panel); a modal the app opens in answer is kept open. */
  async clickNotice(input: unknown): Promise<void> {
    const { personId, noticeId, actionId, value } = parse(noticeClickSchema, input);
    const user = this.personOf(personId);
    const notice = this.rc.world.notices.find((n) => n.id === noticeId && n.userId === user.id);
    if (!notice) throw new RequestError(404, 'no_message', 'no such message');
    const response = (await this.rc.clickNoticeButton(user, notice, actionId, value)) as
      { type?: string; view?: OpenModal['view'] } | undefined;
    if (response?.type === 'modal.open' && response.view)
      this.modals.set(personId, { view: response.view, roomId: notice.roomId, errors: {} });
  }

  /** The open modal's submit, with the values chosen per field; the app's refusals stay shown in it. */
  async submitModal(input: unknown): Promise<void> {
    const { personId, values } = parse(submitSchema, input);
    const user = this.personOf(personId);
    const open = this.modals.get(personId);
    if (!open) throw new RequestError(404, 'no_message', 'no open form');
    const fields = modalView(open.view as never, this.people).fields;
    const state = Object.fromEntries(
      fields.map((f) => [f.blockId, { [f.actionId]: values[f.blockId] ?? '' }]),
    );
    const result = await this.rc.submitView(user, open.view, state, this.rc.world.rooms.get(open.roomId));
    if (result?.errors) this.modals.set(personId, { ...open, errors: result.errors });
    else this.modals.delete(personId);
  }

  closeModal(input: unknown): void {
    this.modals.delete(parse(personSchema, input).personId);
  }

  /**
   * The page's language (`?lang=`) becomes the demo people's and the server's, so the bot answers in it:
   * its own settings keep `auto` (each person's language).
   */
  setLanguage(input: unknown): void {
    const { lang } = parse(languageSchema, input);
    const code = lang.slice(0, 2).toLowerCase();
    if (!(LANGUAGES as readonly string[]).includes(code)) return;
    this.rc.world.serverSettings.set('Language', code);
    for (const p of this.people)
      Object.assign(p.user, { settings: { ...(p.user.settings ?? {}), preferences: { language: code } } });
  }

  /** Runs "Fermeture du garage": the question in #maison; on "oui" the door closes and Jeedom says so. */
  runGarageScenario(): void {
    const { sim, demo, garageScenario, sendCmdId } = this;
    if (!sim || !demo || garageScenario === undefined || sendCmdId === undefined)
      throw new RequestError(409, 'needs_simulator', 'the demo scenario needs the simulator');
    const run = sim.runScenario(garageScenario);
    if (!run.launched)
      throw new RequestError(409, 'scenario_waiting', 'the scenario is already waiting for an answer');
    void run.done
      .then(async (outcome) => {
        if (outcome.answer !== 'oui') return;
        setGarage(sim, demo, false);
        await sim.executeCommand(sendCmdId, { title: '', message: 'Le garage est fermé.' });
      })
      // The scenario's own failure shows in the page (no message); the playground must not crash on it.
      .catch((error: unknown) =>
        console.error(`demo scenario: ${error instanceof Error ? error.message : error}`),
      );
  }

  /** What a motion scenario would do: a message with a fresh snapshot, through the channel's `send`. */
  async sendCameraNotification(): Promise<void> {
    const { sim, demo, sendCmdId } = this;
    if (!sim || !demo || sendCmdId === undefined)
      throw new RequestError(409, 'needs_simulator', 'the demo notification needs the simulator');
    await sim.executeCommand(sendCmdId, {
      title: `Mouvement dans l’allée camera=${demo.cameraId}`,
      message: 'Quelqu’un approche de la maison.',
    });
  }

  /** The room the demo actions post in (#maison): the page switches to it. */
  get demoRoomId(): string {
    return this.rooms[0]?.id ?? '';
  }

  upload(id: string): { type: string; buffer: Buffer } | undefined {
    return this.rc.world.uploads.get(id);
  }

  /** The first thing on Ctrl+C: no restart of the app's runtime (see RocketChatHarness.halt). */
  halt(): void {
    this.rc.halt();
  }

  async stop(): Promise<void> {
    await this.http?.stop();
    this.side.stop();
    await this.rc.stop();
    await this.sim?.stop();
  }
}

/** The default port of the Rocket.Chat stand-in when the public URL names none. */
export const RC_STANDIN_PORT = 3101;

function listenFor(jeedom: RealJeedom | undefined): { host: string; port: number } | undefined {
  if (!jeedom?.publicUrl) return undefined;
  const url = new URL(jeedom.publicUrl);
  return { host: '0.0.0.0', port: url.port ? Number(url.port) : RC_STANDIN_PORT };
}
