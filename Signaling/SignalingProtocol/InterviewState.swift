/// The interview phase shown to the candidate, `{"type":"state","state":…}` (PROTOCOL.md v1).
public enum InterviewState: String, Hashable, Sendable, Codable, CaseIterable {
    case greeting, asking, listening, thinking, speaking, closing, completed
}

/// Who spoke a transcript line (PROTOCOL.md v1: `"interviewer" | "candidate"`).
public enum TranscriptRole: String, Hashable, Sendable, Codable, CaseIterable {
    case interviewer, candidate
}
