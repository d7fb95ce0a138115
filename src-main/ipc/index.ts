/**
 * The Electron transport of the contract: registers every channel's handler behind the
 * sender check, and forwards the core's events to the window. index.ts wires it.
 */
export { isAllowedSender, type SenderFacts } from './senderPolicy';
export {
  createTrustedSenderCheck,
  type SenderEvent,
  type SenderFrame,
  type TrustedSenderOptions,
} from './trustedSender';
export {
  registerContractHandlers,
  type ContractHandlers,
  type InvokeHandlerRegistry,
} from './registerContractHandlers';
export {
  createEventForwarder,
  type DropReason,
  type EmitEvent,
  type EventSink,
} from './eventForwarder';
