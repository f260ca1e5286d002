import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { FixtureContext } from './chat';

/** One record per key and room, found again by both associations (as asks will be found by id and room). */
interface Entry {
  key: string;
  value: string;
}

const byKey = (key: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `key:${key}`);
const byRoom = (room: IRoom) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, room.id);

function entry({ args }: FixtureContext): Entry {
  const [key, ...words] = args;
  if (!key) throw new Error('a key is needed');
  return { key, value: words.join(' ') };
}

/** Creates the record, or updates it in place when it exists (no upsert). */
export async function persist(ctx: FixtureContext): Promise<void> {
  const data = entry(ctx);
  const associations = [byKey(data.key), byRoom(ctx.room)];
  const existing = await ctx.read.getPersistenceReader().readByAssociations(associations);
  if (existing?.length) {
    await ctx.persis.updateByAssociations(associations, data);
    return ctx.reply(`updated ${data.key}`);
  }
  const id = await ctx.persis.createWithAssociations(data, associations);
  await ctx.reply(`created ${data.key} as ${id}`);
}

/** The engine's upsert; the reply shows what it returns (the new id, or '' when it updated). */
export async function upsert(ctx: FixtureContext): Promise<void> {
  const data = entry(ctx);
  const id = await ctx.persis.updateByAssociations([byKey(data.key), byRoom(ctx.room)], data, true);
  await ctx.reply(`upserted ${data.key} (${JSON.stringify(id)})`);
}

export async function readKey(ctx: FixtureContext): Promise<void> {
  const { key } = entry(ctx);
  const records = await ctx.read.getPersistenceReader().readByAssociations([byKey(key), byRoom(ctx.room)]);
  const values = ((records ?? []) as Entry[]).map((r) => r.value);
  await ctx.reply(values.length ? `${key} = ${values.join(' | ')}` : `${key} is not set`);
}

/** Every key of this room, through one association of the two each record holds. */
export async function list(ctx: FixtureContext): Promise<void> {
  const records = await ctx.read.getPersistenceReader().readByAssociation(byRoom(ctx.room));
  await ctx.reply(`keys here: ${((records ?? []) as Entry[]).map((r) => r.key).join(', ')}`);
}

export async function forget(ctx: FixtureContext): Promise<void> {
  const { key } = entry(ctx);
  const removed = await ctx.persis.removeByAssociation(byKey(key));
  await ctx.reply(`forgot ${key} (${JSON.stringify(removed)})`);
}
