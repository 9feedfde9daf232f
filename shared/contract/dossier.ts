/**
 * The dossier contract. Each part is a module of its own (a function builds every schema of the
 * contract modules it imports at its cold start): a function imports the module of the schemas
 * it uses, not this one; the OpenAPI generator and tests take them all from here.
 */
export * from './dossier-action.ts';
export { ChannelSchema } from './dossier-fields.ts';
export * from './dossier-query.ts';
export * from './dossier-submission.ts';
export * from './dossier-summary.ts';
export * from './dossier-view.ts';
// In a module of their own so that a contract naming a dossier does not build this one's schemas.
export { DossierCodeSchema, StatusSchema } from './identifiers.ts';
