/** Agent extensions: tools the chat loop may call and guards that filter input and output. */
package dev.switchboard.api.agent;
