import { deepClone, phpIsNumeric, type PhpArray } from './phpFunctions';
import { compareCollated, compareNullable, sqlNumber, type DbIntegers } from './sql';

/** A row of the `object` table (jeeObject: a room, a floor…). */
export interface SimObject {
  id: number;
  name: string;
  father_id: number | null;
  isVisible: number | null;
  position: number | null;
  configuration: PhpArray;
  display: PhpArray;
  image: PhpArray;
}

export type SimObjectInput = Pick<SimObject, 'id' | 'name'> & Partial<SimObject>;

/** A small house: Salon inside Maison. */
export const DEFAULT_OBJECTS: readonly SimObjectInput[] = [
  { id: 1, name: 'Salon', father_id: 2, position: 1 },
  { id: 2, name: 'Maison', father_id: null, position: 0 },
];

function complete(input: SimObjectInput): SimObject {
  return {
    father_id: null,
    isVisible: 1,
    position: null,
    configuration: {},
    display: {},
    image: {},
    ...deepClone(input),
  };
}

/** The box's objects. No API method changes them: tests do, through add()/remove(). */
export class ObjectTable {
  private readonly rows = new Map<number, SimObject>();

  constructor(
    seed: readonly SimObjectInput[] = DEFAULT_OBJECTS,
    private readonly integers: () => DbIntegers,
  ) {
    for (const input of seed) this.add(input);
  }

  add(input: SimObjectInput): SimObject {
    if (this.rows.has(input.id)) throw new Error(`Object ${input.id} exists`);
    const object = complete(input);
    this.rows.set(object.id, object);
    return object;
  }

  remove(id: number): void {
    this.rows.delete(id);
  }

  /** jeeObject::byId: '' and -1 mean none; otherwise MySQL's `id = :id`. */
  byId(id: unknown): SimObject | undefined {
    if (
      id === null ||
      id === undefined ||
      id === false ||
      id === '' ||
      (phpIsNumeric(id) && Number(id) === -1)
    )
      return undefined;
    const wanted = sqlNumber(id);
    return [...this.rows.values()].find((o) => o.id === wanted);
  }

  /** jeeObject::all: ORDER BY father_id, position, name. */
  all(): SimObject[] {
    return [...this.rows.values()].sort(
      (a, b) =>
        compareNullable(a.father_id, b.father_id) ||
        compareNullable(a.position, b.position) ||
        compareCollated(a.name, b.name),
    );
  }

  /** jeeObject::toArray(): utils::o2a through the getters, plus `img` (no image here: ''). */
  toArray(object: SimObject): Record<string, unknown> {
    const int = (value: number | null) =>
      value === null ? null : this.integers() === 'string' ? String(value) : value;
    return {
      id: int(object.id),
      name: object.name,
      father_id: int(object.father_id),
      isVisible: int(object.isVisible),
      position: int(object.position),
      configuration: deepClone(object.configuration),
      display: deepClone(object.display),
      image: deepClone(object.image),
      img: '',
    };
  }
}
