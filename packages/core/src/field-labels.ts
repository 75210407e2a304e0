/**
 * An INVALID_INPUT error in a host's words. Core names the input at fault by its own name (`error.field`, and
 * the message starts with it: "botId must be …"); a host's form calls it something else ("Bot ID") and keeps it
 * in some place (a parameter, an option, a credential). Why here: every host relabels the same way, and only
 * core knows which names its messages use.
 */
import type { KoreError } from './errors.js';

/** Core's field names as a host shows them, grouped by where they live in the host's form. */
export type FieldLabels<Place extends string> = Readonly<Record<Place, Readonly<Record<string, string>>>>;

export interface LabelledInput<Place extends string> {
  place: Place;
  /** The host's name of the input. */
  label: string;
  /** The message in the host's words: the field at fault, and any other camelCase field it names, by their labels. */
  message: string;
}

/** Where the input `error` names lives and its message relabelled; undefined when the host has no label for it. */
export function labelInvalidInput<Place extends string>(error: KoreError, labels: FieldLabels<Place>): LabelledInput<Place> | undefined {
  if (error.field === undefined) return undefined;
  const places = Object.keys(labels) as Place[];
  const place = places.find((each) => Object.hasOwn(labels[each], error.field as string));
  if (place === undefined) return undefined;
  const label = labels[place][error.field]!;
  let message = error.message;
  if (message.startsWith(error.field)) message = `${label}${message.slice(error.field.length)}`;
  else if (!message.startsWith(label)) message = `${label}: ${message}`;
  // Other fields the message names ("… must be >= pollIntervalMs"): only camelCase names, as whole words, since
  // a plain one ("state", "host") may be an ordinary word of the sentence.
  for (const each of places) {
    for (const [field, name] of Object.entries(labels[each])) {
      if (field !== error.field && /^[a-z]+[A-Z]\w*$/.test(field)) message = message.replace(new RegExp(`\\b${field}\\b`, 'g'), name);
    }
  }
  return { place, label, message };
}
