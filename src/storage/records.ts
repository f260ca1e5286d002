import { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';

/**
 * The records stored under these associations that still match their schema. A record that no longer does (an
 * older version's shape, a hand-edited database) is skipped rather than failing the whole read.
 */
export async function readAll<S extends z.ZodTypeAny>(
  reader: IPersistenceRead,
  associations: RocketChatAssociationRecord | readonly RocketChatAssociationRecord[],
  schema: S,
): Promise<Array<z.infer<S>>> {
  const records = Array.isArray(associations)
    ? await reader.readByAssociations([...associations])
    : await reader.readByAssociation(associations as RocketChatAssociationRecord);
  return records.flatMap((record) => {
    const parsed = schema.safeParse(record);
    return parsed.success ? [parsed.data as z.infer<S>] : [];
  });
}

/** The first valid record under these associations (for a kind kept as one record per key). */
export async function readOne<S extends z.ZodTypeAny>(
  reader: IPersistenceRead,
  associations: RocketChatAssociationRecord | readonly RocketChatAssociationRecord[],
  schema: S,
): Promise<z.infer<S> | undefined> {
  return (await readAll(reader, associations, schema))[0];
}
