// PHP date() for the formats Jeedom uses (box local time = the process time zone).

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
// date_fr() for a fr_FR box; other languages keep the English names here.
const FR: Record<string, string> = {
  Monday: 'Lundi',
  Tuesday: 'Mardi',
  Wednesday: 'Mercredi',
  Thursday: 'Jeudi',
  Friday: 'Vendredi',
  Saturday: 'Samedi',
  Sunday: 'Dimanche',
  January: 'Janvier',
  February: 'Février',
  March: 'Mars',
  April: 'Avril',
  May: 'Mai',
  June: 'Juin',
  July: 'Juillet',
  August: 'Août',
  September: 'Septembre',
  October: 'Octobre',
  November: 'Novembre',
  December: 'Décembre',
};

const pad = (n: number) => String(n).padStart(2, '0');

function isoWeek(date: Date): number {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

const FORMATS: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getFullYear()),
  m: (d) => pad(d.getMonth() + 1),
  d: (d) => pad(d.getDate()),
  H: (d) => pad(d.getHours()),
  G: (d) => String(d.getHours()),
  g: (d) => String(d.getHours() % 12 || 12),
  i: (d) => pad(d.getMinutes()),
  s: (d) => pad(d.getSeconds()),
  w: (d) => String(d.getDay()),
  W: (d) => pad(isoWeek(d)),
  l: (d) => DAYS[d.getDay()],
  F: (d) => MONTHS[d.getMonth()],
};

export function phpDate(format: string, date = new Date()): string {
  return [...format].map((c) => FORMATS[c]?.(date) ?? c).join('');
}

/** `date('Y-m-d H:i:s')`: how Jeedom stamps createtime, collectDate… */
export function phpNow(date = new Date()): string {
  return phpDate('Y-m-d H:i:s', date);
}

export function dateFr(english: string, language: string): string {
  return language === 'fr_FR' ? (FR[english] ?? english) : english;
}
