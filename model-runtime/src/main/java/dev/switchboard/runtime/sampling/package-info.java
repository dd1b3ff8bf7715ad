/** Next-token selection: greedy, temperature, top-k, top-p, repetition penalty, seeded. */
package dev.switchboard.runtime.sampling;
