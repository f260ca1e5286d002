/**
 * The playground's Jeedom: the simulator seeded with a small house (lights, a shutter, a garage door, a
 * temperature, a camera), interactions answering in French and English that really switch things, and the
 * "Fermer le garage ?" scenario once the app has created the channel's equipment.
 */
import { askOnlyElements, blockJpeg, type JeedomSimulator, type Rgb } from '../../devkit/simulator';

export const GARAGE_QUESTION = 'Fermer le garage ?';
export const GARAGE_ANSWERS = 'oui;non';
export const GARAGE_VARIABLE = 'fermer_garage';
export const CAMERA_NAME = 'Allée';

/** Jeedom object ids: Salon (1) and Maison (2) come with the simulator. */
const OBJECT = { salon: 1, maison: 2, garage: 3, chambre: 4 } as const;

export interface DemoHouse {
  cmds: { light: number; shutter: number; garage: number; temperature: number; bedroomLight: number };
  cameraId: number;
}

function virtualInfo(
  sim: JeedomSimulator,
  eqName: string,
  objectId: number,
  info: { name: string; subType: 'binary' | 'numeric'; value: number; unite?: string; generic: string },
  actions: string[],
): number {
  const eqLogic = sim.equipment.addEqLogic({
    name: eqName,
    eqType_name: 'virtual',
    object_id: objectId,
    isEnable: 1,
    isVisible: 1,
  });
  const infoId = sim.equipment.addCmd({
    eqLogic_id: eqLogic,
    name: info.name,
    type: 'info',
    subType: info.subType,
    unite: info.unite ?? '',
    generic_type: info.generic,
  });
  // What the plugin reports at start: the value lives in the cmd's cache, as in Jeedom.
  sim.cmdEvent(infoId, info.value);
  actions.forEach((name, order) =>
    sim.equipment.addCmd({ eqLogic_id: eqLogic, name, type: 'action', subType: 'other', order: order + 1 }),
  );
  return infoId;
}

/** A driveway seen from the porch, 320×240: sky, hedge, garage with its door, gravel. */
export function drivewayJpeg(doorOpen: boolean): Buffer {
  return blockJpeg(40, 30, (x, y): Rgb => {
    if (y < 9) return [120 + y * 6, 170 + y * 5, 235];
    const inGarage = x >= 12 && x <= 31 && y >= 9 && y <= 21;
    if (inGarage) {
      if (y <= 11) return [150, 45, 35];
      const door = x >= 15 && x <= 28 && y >= 13;
      if (door) return doorOpen ? [35, 35, 40] : y % 2 ? [205, 205, 200] : [185, 185, 180];
      return [225, 215, 190];
    }
    if (y <= 21) return x < 12 ? [40, 110 + (x % 3) * 10, 45] : [50, 125, 50];
    return [150 + ((x + y) % 3) * 12, 140 + ((x * y) % 4) * 8, 120];
  });
}

export function seedDemoHouse(sim: JeedomSimulator): DemoHouse {
  sim.objects.add({ id: OBJECT.garage, name: 'Garage', father_id: OBJECT.maison, position: 2 });
  sim.objects.add({ id: OBJECT.chambre, name: 'Chambre', father_id: OBJECT.maison, position: 3 });
  const cmds = {
    light: virtualInfo(
      sim,
      'Lumière',
      OBJECT.salon,
      { name: 'Etat', subType: 'binary', value: 0, generic: 'LIGHT_STATE' },
      ['On', 'Off'],
    ),
    bedroomLight: virtualInfo(
      sim,
      'Lampe de chevet',
      OBJECT.chambre,
      { name: 'Etat', subType: 'binary', value: 1, generic: 'LIGHT_STATE' },
      ['On', 'Off'],
    ),
    shutter: virtualInfo(
      sim,
      'Volet',
      OBJECT.salon,
      { name: 'Position', subType: 'numeric', value: 100, unite: '%', generic: 'FLAP_STATE' },
      ['Monter', 'Descendre'],
    ),
    garage: virtualInfo(
      sim,
      'Porte de garage',
      OBJECT.garage,
      { name: 'Ouverte', subType: 'binary', value: 1, generic: 'GARAGE_STATE' },
      ['Ouvrir', 'Fermer'],
    ),
    temperature: virtualInfo(
      sim,
      'Thermomètre',
      OBJECT.salon,
      { name: 'Température', subType: 'numeric', value: 19.5, unite: '°C', generic: 'TEMPERATURE' },
      [],
    ),
  };
  const cameraId = sim.addCamera({ name: CAMERA_NAME, objectId: OBJECT.garage });
  sim.setCameraSnapshot(cameraId, drivewayJpeg(true));
  addInteractions(sim, cmds, cameraId);
  return { cmds, cameraId };
}

/** The door's state, and what the driveway camera sees of it. */
export function setGarage(sim: JeedomSimulator, house: DemoHouse, open: boolean): void {
  sim.cmdEvent(house.cmds.garage, open ? 1 : 0);
  sim.setCameraSnapshot(house.cameraId, drivewayJpeg(open));
}

function addInteractions(sim: JeedomSimulator, cmds: DemoHouse['cmds'], cameraId: number): void {
  const value = (id: number) => Number(sim.equipment.cmdValue(id));
  const set = (id: number, v: number) => () => sim.cmdEvent(id, v);
  const garage = (open: boolean) => () => setGarage(sim, { cmds, cameraId }, open);
  const frTemp = () => `Il fait ${String(value(cmds.temperature)).replace('.', ',')} °C dans le salon.`;
  const enTemp = () => `It is ${value(cmds.temperature)} °C in the living room.`;
  sim.state.interactions.push(
    { phrases: ['bonjour', 'salut'], reply: 'Bonjour #profile# ! Que puis-je faire pour vous ?' },
    { phrases: ['hello', 'hi'], reply: 'Hello #profile#! What can I do for you?' },
    {
      phrases: ['allume la lumière du salon', 'allume le salon'],
      reply: 'La lumière du salon est allumée.',
      run: set(cmds.light, 1),
    },
    {
      phrases: ['éteins la lumière du salon', 'éteins le salon'],
      reply: 'La lumière du salon est éteinte.',
      run: set(cmds.light, 0),
    },
    {
      phrases: ['turn on the living room light', 'living room light on'],
      reply: 'The living room light is on.',
      run: set(cmds.light, 1),
    },
    {
      phrases: ['turn off the living room light', 'living room light off'],
      reply: 'The living room light is off.',
      run: set(cmds.light, 0),
    },
    {
      phrases: ['ferme le volet', 'ferme le volet du salon'],
      reply: 'Je ferme le volet du salon.',
      run: set(cmds.shutter, 0),
    },
    {
      phrases: ['ouvre le volet', 'ouvre le volet du salon'],
      reply: 'J’ouvre le volet du salon.',
      run: set(cmds.shutter, 100),
    },
    { phrases: ['close the shutter'], reply: 'Closing the living room shutter.', run: set(cmds.shutter, 0) },
    { phrases: ['open the shutter'], reply: 'Opening the living room shutter.', run: set(cmds.shutter, 100) },
    {
      phrases: ['quelle est la température du salon', 'température'],
      reply: '',
      run: frTemp,
    },
    { phrases: ['what is the temperature', 'temperature'], reply: '', run: enTemp },
    // Jeedom's "persons": only the admin may open the garage by chat.
    {
      phrases: ['ouvre le garage', 'open the garage'],
      reply: 'Garage ouvert.',
      persons: ['admin'],
      run: garage(true),
    },
    { phrases: ['ferme le garage', 'close the garage'], reply: 'Garage fermé.', run: garage(false) },
  );
}

/**
 * The demo scenario: asks "Fermer le garage ?" through the channel's `send` command, and closes the door on
 * "oui" (the playground plays the scenario's next blocks). Returns its id.
 */
export function addGarageScenario(sim: JeedomSimulator, sendCmdId: number): number {
  const elements = askOnlyElements({
    question: GARAGE_QUESTION,
    answer: GARAGE_ANSWERS,
    variable: GARAGE_VARIABLE,
    timeout: 300,
    cmdId: sendCmdId,
  });
  return sim.addScenario({ name: 'Fermeture du garage', group: 'Démo', elements } as never);
}
