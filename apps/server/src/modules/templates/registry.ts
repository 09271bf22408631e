import { fieldInvalid } from '../../http/problem.js';
import { amazonPrime } from './catalog/amazon-prime.template.js';
import { appleCard } from './catalog/apple-card.template.js';
import { dsw } from './catalog/dsw.template.js';
import { mirCashback } from './catalog/mir-cashback.template.js';
import { rei } from './catalog/rei.template.js';
import { sberSpasibo } from './catalog/sber-spasibo.template.js';
import { sephora } from './catalog/sephora.template.js';
import { starbucks } from './catalog/starbucks.template.js';
import { theNorthFace } from './catalog/the-north-face.template.js';
import { troikaGorod } from './catalog/troika-gorod.template.js';
import { x5Club } from './catalog/x5-club.template.js';
import type { ProgramTemplate } from './template.types.js';

/** Every template, in the order of the source documents' list (see docs/templates.md). */
export const TEMPLATES: readonly ProgramTemplate[] = [
  starbucks,
  sephora,
  dsw,
  theNorthFace,
  rei,
  amazonPrime,
  appleCard,
  x5Club,
  sberSpasibo,
  mirCashback,
  troikaGorod,
];

export function templateNamed(name: string): ProgramTemplate | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

/** For a request that names a template: an unknown name is the caller's field error, listing the valid ones. */
export function findTemplate(name: string): ProgramTemplate {
  const template = templateNamed(name);
  if (template === undefined) {
    throw fieldInvalid(
      '/template',
      'unknown_template',
      `is not a template; use one of ${TEMPLATES.map((t) => t.name).join(', ')}`,
    );
  }
  return template;
}
