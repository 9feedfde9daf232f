/**
 * The composition root: adapters built once per execution environment from the configuration
 * the stack (or the local runtime) put in the environment, one module per adapter under
 * services/. Functions import those modules, so each bundle holds only the adapters (and SDK
 * clients) its function uses; this barrel is for the local runtime and tests.
 */
export { agencyEndpoints } from './services/agency-endpoints.ts';
export { agencyQueues } from './services/agency-queues.ts';
export { attachmentStore } from './services/attachment-store.ts';
export { catalog } from './services/catalog.ts';
export { documentStorage } from './services/document-storage.ts';
export { dossierStore } from './services/dossier-store.ts';
export { downloadLinks } from './services/download-links.ts';
export { legacyDossierStore } from './services/legacy-dossier-store.ts';
export { notificationStore } from './services/notification-store.ts';
export { notificationTransport, publicLookupUrl } from './services/notification-transport.ts';
export { notifyQueue } from './services/notify-queue.ts';
export { paymentGateway } from './services/payment-gateway.ts';
export { paymentStore } from './services/payment-store.ts';
export { portalSyncEndpoint } from './services/portal-sync-endpoint.ts';
export { portalSyncQueue } from './services/portal-sync-queue.ts';
export { statsStore } from './services/stats-store.ts';
export { uploadPolicies } from './services/upload-policies.ts';
