-- The routed request that produced an assistant message (the eval log's request_id). The eval log
-- shows and filters by the feedback given to an answer by joining through it at query time, so the
-- batched eval-log writer never has to update a row, and feedback given before the row is written
-- shows up as soon as the row is.
ALTER TABLE messages ADD COLUMN request_id text;
CREATE INDEX messages_request ON messages (request_id) WHERE request_id IS NOT NULL;

-- Eval runs resume after a restart from the results already stored: one result per example and
-- run, enforced, so a resumed run can never store an example twice.
DROP INDEX eval_results_seq;
CREATE UNIQUE INDEX eval_results_seq ON eval_results (run_id, seq);
