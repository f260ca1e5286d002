/**
 * What the page shows, as plain JSON: the chat as a Rocket.Chat client would render it (messages, buttons,
 * images, ephemeral notices) and Jeedom's side. Pure functions over the harness's world: unit-tested.
 */
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { Notice, StoredMessage } from '../../devkit/harness/world';

export type Role = 'admin' | 'member' | 'guest';

export interface PersonView {
  id: string;
  username: string;
  role: Role;
  /** The Jeedom login the person is mapped to ('' for the guest). */
  jeedomLogin: string;
}

export interface RoomView {
  /** `dm` stands for "my direct messages with the bot": each person has their own. */
  id: string;
  name: string;
  kind: 'c' | 'p' | 'd';
}

export interface ButtonView {
  actionId: string;
  value: string;
  text: string;
  blockId: string;
}

export interface MessageView {
  id: string;
  roomId: string;
  threadId?: string;
  sender: string;
  bot: boolean;
  text: string;
  at: number;
  edited: boolean;
  buttons: ButtonView[];
  images: Array<{ url: string; name: string }>;
  files: Array<{ url: string; name: string }>;
}

export interface NoticeView {
  /** The app's message id, when it gave one (the people panel): what a click on its buttons names. */
  id: string;
  roomId: string;
  text: string;
  at: number;
  /** UIKit blocks, as texts and rows of buttons; empty for a plain notice. */
  blocks: BlockView[];
}

export type BlockView = { kind: 'text'; text: string } | { kind: 'buttons'; buttons: ButtonView[] };

/** A modal the app opened for a person (the "link someone" form), as the page draws it. */
export interface ModalView {
  title: string;
  submit: string;
  cancel: string;
  fields: Array<{
    blockId: string;
    actionId: string;
    label: string;
    /** `user`: Rocket.Chat's user picker (here: the playground's people); `select`: the options given. */
    kind: 'user' | 'select';
    options: Array<{ value: string; text: string }>;
  }>;
  /** The app's refusal per field, after a submit. */
  errors: Record<string, string>;
}

export interface CmdView {
  id: string;
  name: string;
  logicalId: string;
  type: string;
  subType: string;
  value: string;
}

export interface EquipmentView {
  id: string;
  name: string;
  /** `script` for the equipments the app created, `virtual`/`camera` for the demo house. */
  type: string;
  object: string;
  enabled: boolean;
  createdByApp: boolean;
  cmds: CmdView[];
}

export interface AskView {
  question: string;
  answers: string[];
  roomId: string;
  expiresAt: number;
  answer: string;
  answeredBy: string;
}

export interface CallView {
  at: number;
  method: string;
  ms: number;
  ok: boolean;
  /** A short summary: the error's message, or the result's shape; never a key. */
  result: string;
}

export interface JeedomView {
  mode: 'simulator' | 'jeedom';
  url: string;
  equipments: EquipmentView[];
  asks: AskView[];
  calls: CallView[];
  /** Demo actions exist only with the simulator. */
  demo: boolean;
}

export interface PlaygroundState {
  botUsername: string;
  people: PersonView[];
  rooms: RoomView[];
  messages: MessageView[];
  /** Ephemeral notices, per person id: only that person sees them. */
  notices: Record<string, NoticeView[]>;
  /** The modal open for each person, if any. */
  modals: Record<string, ModalView>;
  jeedom: JeedomView;
}

interface RawBlock {
  type?: string;
  blockId?: string;
  elements?: Array<{
    type?: string;
    actionId?: string;
    value?: string;
    text?: { text?: string };
  }>;
}

interface RawAttachment {
  title?: { value?: string; link?: string };
  imageUrl?: string;
  image_url?: string;
}

interface RawSurfaceBlock {
  type?: string;
  blockId?: string;
  text?: { text?: string } | string;
  label?: { text?: string };
  element?: {
    type?: string;
    actionId?: string;
    options?: Array<{ value?: string; text?: { text?: string } }>;
  };
  elements?: RawBlock['elements'];
}

/** UIKit blocks as the page draws them: section texts, and rows of buttons. Other blocks are skipped. */
export function blocksOf(raw: unknown): BlockView[] {
  const blocks = Array.isArray(raw) ? (raw as RawSurfaceBlock[]) : [];
  return blocks.flatMap((block): BlockView[] => {
    if (block.type === 'section') {
      const text = typeof block.text === 'string' ? block.text : (block.text?.text ?? '');
      return text ? [{ kind: 'text', text }] : [];
    }
    if (block.type === 'actions') {
      const buttons = buttonsOf({ blocks: [block] } as unknown as IMessage);
      return buttons.length ? [{ kind: 'buttons', buttons }] : [];
    }
    return [];
  });
}

/** The app's modal view (`modal.open`), reduced to what the page draws; people offered by the user picker. */
export function modalView(
  view: {
    title?: { text?: string };
    submit?: { text?: { text?: string } };
    close?: { text?: { text?: string } };
    blocks?: unknown;
  },
  people: Array<{ username: string }>,
  errors: Record<string, string> = {},
): ModalView {
  const blocks = Array.isArray(view.blocks) ? (view.blocks as RawSurfaceBlock[]) : [];
  return {
    title: view.title?.text ?? '',
    submit: view.submit?.text?.text ?? '',
    cancel: view.close?.text?.text ?? '',
    fields: blocks
      .filter((b) => b.type === 'input' && b.element)
      .map((b) => {
        const user = b.element?.type === 'users_select';
        return {
          blockId: b.blockId ?? '',
          actionId: b.element?.actionId ?? '',
          label: b.label?.text ?? '',
          kind: user ? ('user' as const) : ('select' as const),
          options: user
            ? people.map((p) => ({ value: p.username, text: `@${p.username}` }))
            : (b.element?.options ?? []).map((o) => ({
                value: o.value ?? '',
                text: o.text?.text ?? o.value ?? '',
              })),
        };
      }),
    errors,
  };
}

export function buttonsOf(message: IMessage): ButtonView[] {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as RawBlock[]) : [];
  return blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) =>
      (block.elements ?? [])
        .filter((e) => e.type === 'button' && e.actionId)
        .map((e) => ({
          actionId: e.actionId ?? '',
          value: e.value ?? '',
          text: e.text?.text ?? '',
          blockId: block.blockId ?? '',
        })),
    );
}

/** Uploaded files are served by the playground under the same links Rocket.Chat gives them. */
export function attachmentsOf(message: IMessage): Pick<MessageView, 'images' | 'files'> {
  const images: MessageView['images'] = [];
  const files: MessageView['files'] = [];
  for (const raw of (message.attachments ?? []) as RawAttachment[]) {
    const name = raw.title?.value ?? '';
    const image = raw.imageUrl ?? raw.image_url;
    if (image) images.push({ url: image, name });
    else if (raw.title?.link) files.push({ url: raw.title.link, name });
  }
  return { images, files };
}

export function messageView(message: StoredMessage, botId: string): MessageView {
  const threadId = (message as { threadId?: string }).threadId;
  return {
    id: message.id,
    roomId: message.room.id,
    ...(threadId ? { threadId } : {}),
    sender: message.sender.username,
    bot: message.sender.id === botId,
    text: message.text ?? '',
    at: new Date(message.createdAt ?? 0).getTime(),
    edited: !!message.editedAt || !!(message as { updatedAt?: unknown }).updatedAt,
    buttons: buttonsOf(message),
    ...attachmentsOf(message),
  };
}

export function noticesByPerson(
  notices: readonly Notice[],
  people: PersonView[],
): PlaygroundState['notices'] {
  const byPerson: PlaygroundState['notices'] = {};
  for (const person of people) byPerson[person.id] = [];
  for (const notice of notices) {
    byPerson[notice.userId]?.push({
      id: notice.id ?? '',
      roomId: notice.roomId,
      text: notice.text,
      at: notice.at,
      blocks: blocksOf(notice.blocks),
    });
  }
  return byPerson;
}

/** The result of a Jeedom call in a few words, for the side panel. */
export function summarise(result: unknown): string {
  if (result === undefined || result === null) return String(result);
  if (Array.isArray(result)) return `${result.length} item${result.length === 1 ? '' : 's'}`;
  if (typeof result === 'object') {
    const reply = (result as { reply?: unknown }).reply;
    if (typeof reply === 'string') return `reply: ${shorten(reply)}`;
    const name = (result as { name?: unknown }).name;
    if (typeof name === 'string') return shorten(name);
    return `{${Object.keys(result).slice(0, 4).join(', ')}}`;
  }
  return shorten(String(result));
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Keeps the panel readable: the most recent calls only. */
export const MAX_CALLS = 200;

export function pushCall(calls: CallView[], call: CallView): void {
  calls.push(call);
  if (calls.length > MAX_CALLS) calls.splice(0, calls.length - MAX_CALLS);
}
