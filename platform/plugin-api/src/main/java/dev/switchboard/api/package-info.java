/**
 * The Switchboard plugin API: extension points, the task context and the records plugins exchange
 * with the host. Plugins compile against this module alone.
 */
package dev.switchboard.api;
