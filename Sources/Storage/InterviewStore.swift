import Foundation
import GRDB

/// Reads and writes interviews and their transcripts. Each call is one committed transaction.
extension ParleyDatabase {
    public func insert(_ interview: InterviewRecord) throws {
        try pool.write { db in try interview.insert(db) }
    }

    /// All interviews, newest first.
    public func interviews(limit: Int = 200) throws -> [InterviewRecord] {
        try pool.read { db in
            try InterviewRecord.order(Column("createdAt").desc, Column("id")).limit(limit).fetchAll(db)
        }
    }

    public func interview(id: String) throws -> InterviewRecord? {
        try pool.read { db in try InterviewRecord.fetchOne(db, key: id) }
    }

    public func interview(joinToken: String) throws -> InterviewRecord? {
        try pool.read { db in try InterviewRecord.filter(Column("joinToken") == joinToken).fetchOne(db) }
    }

    /// Sets an interview's status; returns false when there is no such interview.
    @discardableResult
    public func updateStatus(interviewId: String, status: String, at date: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE interview SET status = ?, updatedAt = ? WHERE id = ?",
                arguments: [status, date, interviewId])
            return db.changesCount > 0
        }
    }

    /// Appends an utterance, committing it at once; `seq` is assigned when `nil` (next in the interview).
    @discardableResult
    public func append(_ utterance: UtteranceRecord) throws -> UtteranceRecord {
        try pool.write { db in
            var record = utterance
            try record.insert(db)
            return record
        }
    }

    /// The next free sequence number of an interview's transcript.
    public func nextUtteranceSeq(interviewId: String) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), -1) + 1 FROM utterance WHERE interviewId = ?",
                             arguments: [interviewId]) ?? 0
        }
    }

    /// An interview's transcript in order.
    public func transcript(interviewId: String) throws -> [UtteranceRecord] {
        try pool.read { db in
            try UtteranceRecord.filter(Column("interviewId") == interviewId).order(Column("seq")).fetchAll(db)
        }
    }

    /// Stores one turn's latency breakdown (JSON of the `turnMetrics` message).
    public func recordTurnMetrics(interviewId: String, turn: Int, json: String, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO turnMetrics (interviewId, turn, metrics, createdAt) VALUES (?, ?, ?, ?)",
                           arguments: [interviewId, turn, json, date])
        }
    }

    /// The stored latency breakdowns of an interview, in turn order (JSON texts).
    public func turnMetrics(interviewId: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT metrics FROM turnMetrics WHERE interviewId = ? ORDER BY turn", arguments: [interviewId])
        }
    }

    /// Stores (replacing) an interview's scored report, as JSON; `final` once the interview completed.
    public func saveReport(interviewId: String, json: String, final: Bool, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO report (interviewId, report, final, createdAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(interviewId) DO UPDATE SET report = excluded.report, final = excluded.final, createdAt = excluded.createdAt
                """, arguments: [interviewId, json, final, date])
        }
    }

    /// An interview's stored report (JSON) and whether it is final.
    public func report(interviewId: String) throws -> (json: String, final: Bool)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT report, final FROM report WHERE interviewId = ?", arguments: [interviewId]) else { return nil }
            return (row["report"], row["final"])
        }
    }

    /// Saves the interview engine's state (JSON) so a reconnect or a restart can resume it.
    public func saveInterviewState(interviewId: String, json: String, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO interviewState (interviewId, state, savedAt) VALUES (?, ?, ?)
                ON CONFLICT(interviewId) DO UPDATE SET state = excluded.state, savedAt = excluded.savedAt
                """, arguments: [interviewId, json, date])
        }
    }

    /// The saved engine state of an interview and when it was saved.
    public func interviewState(interviewId: String) throws -> (json: String, savedAt: Date)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, savedAt FROM interviewState WHERE interviewId = ?", arguments: [interviewId]) else { return nil }
            return (row["state"], row["savedAt"])
        }
    }

    /// Completes an utterance stored when it started: its end, and whether (and where) it was cut.
    public func completeUtterance(interviewId: String, seq: Int, startMs: Int, endMs: Int, interrupted: Bool,
                                  heardText: String?, questionIndex: Int?) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE utterance SET startMs = ?, endMs = ?, interrupted = ?, heardText = ?, questionIndex = COALESCE(?, questionIndex)
                WHERE interviewId = ? AND seq = ?
                """, arguments: [startMs, endMs, interrupted, heardText, questionIndex, interviewId, seq])
        }
    }
}
