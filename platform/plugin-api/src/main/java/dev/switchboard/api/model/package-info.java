/** Handles to the locally hosted models of the runtime, also usable as LangChain4j models. */
package dev.switchboard.api.model;
