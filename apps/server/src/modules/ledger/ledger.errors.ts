import { conflict } from '../../http/problem.js';

export const insufficientPoints = (requested: number, available: number, unit: string) =>
  conflict(
    'insufficient_points',
    `Requested ${requested} ${unit} but only ${available} ${unit} are available`,
    { requested, available },
  );
