import Foundation
import GRDB

/// Parley's SQLite database: one file, WAL mode, schema kept by migrations.
///
/// Every write is its own transaction, committed when it happens, so a crash or a
/// `SIGKILL` loses nothing already written (WAL + `synchronous=NORMAL` keeps committed
/// transactions across a process crash; only a power loss may drop the last ones).
public final class ParleyDatabase: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The SQLite library version linked in, e.g. "3.40.1".
    public func sqliteVersion() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "" }
    }

    /// The journal mode in force (expected: "wal").
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: interviews, utterances, turn metrics") { db in
            try db.create(table: "interview") { t in
                t.primaryKey("id", .text)
                t.column("role", .text).notNull()
                t.column("type", .text).notNull()
                t.column("level", .text).notNull()
                t.column("techstack", .jsonText).notNull()
                t.column("questionCount", .integer).notNull()
                t.column("candidateName", .text)
                t.column("status", .text).notNull()
                t.column("joinToken", .text).notNull().unique()
                t.column("joinTokenExpiresAt", .datetime).notNull()
                t.column("questions", .jsonText).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "interview_createdAt", on: "interview", columns: ["createdAt"])
            try db.create(table: "utterance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("interviewId", .text).notNull().references("interview", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("role", .text).notNull()
                t.column("text", .text).notNull()
                t.column("startMs", .integer).notNull()
                t.column("endMs", .integer).notNull()
                t.column("interrupted", .boolean).notNull().defaults(to: false)
                t.column("heardText", .text)
                t.column("questionIndex", .integer)
                t.uniqueKey(["interviewId", "seq"])
            }
            try db.create(table: "turnMetrics") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("interviewId", .text).notNull().references("interview", onDelete: .cascade)
                t.column("turn", .integer).notNull()
                t.column("metrics", .jsonText).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: reports") { db in
            try db.create(table: "report") { t in
                t.primaryKey("interviewId", .text).references("interview", onDelete: .cascade)
                t.column("report", .jsonText).notNull()
                t.column("final", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v3: resumable interview state") { db in
            try db.create(table: "interviewState") { t in
                t.primaryKey("interviewId", .text).references("interview", onDelete: .cascade)
                t.column("state", .jsonText).notNull()
                t.column("savedAt", .datetime).notNull()
            }
        }
        return migrator
    }
}
