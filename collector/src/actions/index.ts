// Lifecycle actions: webhooks at the moments of a customer's journey (README, "Lifecycle actions").
export { ActionSchema, type Action } from './schema.js';
export { startActions, type ActionsDeps, type ActionsEngine } from './engine.js';
export { churnFirings, firings, inactiveFirings, summarise, summariseState, type ChurnRisk, type DeliveryPayload, type Firing } from './triggers.js';
export { signWebhook, webhookHeaders } from './signature.js';
