import Foundation
import GRDB

/// Status changes that must not undo an ending: a completed interview stays completed whatever
/// its media does afterwards.
extension ParleyDatabase {
    /// Marks the interview `disconnected` unless it is already `completed`, in one statement (no
    /// read-then-write race with the interview completing). Returns whether the status changed.
    @discardableResult
    public func markDisconnected(interviewId: String, at date: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE interview SET status = 'disconnected', updatedAt = ? WHERE id = ? AND status <> 'completed'",
                arguments: [date, interviewId])
            return db.changesCount > 0
        }
    }
}
