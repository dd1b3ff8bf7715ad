/**
 * The built-in plugin {@code chat}: an agent that answers on the platform's hosted chat model,
 * streaming its text. It remembers stored conversations within a token budget, takes a system
 * prompt per route, grounds answers in a collection through a retrieval sub-task with numbered
 * citations, and runs a bounded tool loop over the tools other plugins contribute, handing the
 * client's own tools back to the client.
 */
package dev.switchboard.plugins.chat;
