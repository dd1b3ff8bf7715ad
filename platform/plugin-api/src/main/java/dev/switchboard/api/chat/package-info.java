/** The chat task: conversations in, assistant messages out, optionally streamed. */
package dev.switchboard.api.chat;
