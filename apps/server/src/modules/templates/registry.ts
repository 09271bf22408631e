import { fieldInvalid } from '../../http/problem.js';
import { amazonPrime } from './catalog/amazon-prime.template.js';
import type { ProgramTemplate } from './template.types.js';

/** Every template, in the order of the source documents' list (see docs/templates.md). */
export const TEMPLATES: readonly ProgramTemplate[] = [
  // starbucks, sephora
  // dsw, the-north-face
  // rei, amazon-prime, apple-card
  amazonPrime,
  // x5-club, sber-spasibo, mir-cashback, troika-gorod
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
