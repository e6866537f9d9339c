/// The interviews that have a live signalling session: PROTOCOL.md allows one at a time.
actor LiveSessions {
    private var owners: [String: ObjectIdentifier] = [:]

    /// Claims `interviewId` for `owner`; false if another session holds it.
    func claim(_ interviewId: String, owner: ObjectIdentifier) -> Bool {
        if let current = owners[interviewId], current != owner { return false }
        owners[interviewId] = owner
        return true
    }

    func release(_ interviewId: String, owner: ObjectIdentifier) {
        if owners[interviewId] == owner { owners[interviewId] = nil }
    }
}
