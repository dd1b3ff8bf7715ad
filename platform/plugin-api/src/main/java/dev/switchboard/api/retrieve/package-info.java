/** The retrieval task: documents in, relevant chunks out. */
package dev.switchboard.api.retrieve;
