-- Rate-limit counters are written on every token request and matter for one minute: kept out of the
-- write-ahead log, a request's counting no longer waits for a log flush (issue 15). A crash empties
-- the table, which only forgives the current minute's hits; replicas do not carry it.
ALTER TABLE "RateLimit" SET UNLOGGED;
