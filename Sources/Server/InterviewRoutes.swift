import Foundation
import Hummingbird
import Interview
import ParleyCrypto
import Storage

/// REST routes for interviews (PROTOCOL.md, "REST").
struct InterviewRoutes {
    let database: ParleyDatabase
    let configuration: ServerConfiguration
    let adminToken: String

    /// The body of `POST /v1/interviews`.
    struct CreateRequest: Decodable {
        var role: String
        var type: String?
        var level: String?
        var techstack: [String]?
        var questionCount: Int?
        var candidateName: String?
    }

    /// An interview as the API shows it.
    struct InterviewResponse: Encodable {
        var id: String
        var joinToken: String?
        var joinUrl: String?
        var status: String
        var role: String
        var type: String
        var level: String
        var techstack: [String]
        var questionCount: Int
        var candidateName: String?
        var questions: [InterviewRecord.Question]
        var createdAt: Date

        init(_ record: InterviewRecord, baseURL: String, includeToken: Bool) {
            id = record.id
            joinToken = includeToken ? record.joinToken : nil
            joinUrl = includeToken ? "\(baseURL)/join/\(record.joinToken)" : nil
            status = record.status
            role = record.role
            type = record.type
            level = record.level
            techstack = record.techstack
            questionCount = record.questionCount
            candidateName = record.candidateName
            questions = record.questions
            createdAt = record.createdAt
        }
    }

    static let types: Set<String> = ["technical", "behavioral", "mixed"]
    static let levels: Set<String> = ["junior", "mid", "senior"]

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/v1/interviews") { request, _ in try await create(request) }
        router.get("/v1/interviews") { request, _ in try list(request) }
        router.get("/v1/interviews/:id") { request, context in
            try detail(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/v1/interviews/:id/transcript") { request, context in
            try transcript(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/v1/interviews/:id/report") { request, context in
            try report(request, id: context.parameters.get("id") ?? "")
        }
    }

    func requireAdmin(_ request: Request) throws {
        guard request.caller(adminToken: adminToken) == .admin else { throw APIError.unauthorized() }
    }

    /// The interview `id`, if the caller is the admin or holds its (unexpired) join token.
    func authorizedInterview(_ request: Request, id: String) throws -> (InterviewRecord, isAdmin: Bool) {
        let caller = request.caller(adminToken: adminToken)
        guard caller != .anonymous else { throw APIError.unauthorized() }
        guard let record = try database.interview(id: id) else {
            throw caller == .admin ? APIError.notFound("no interview '\(id)'") : APIError.unauthorized()
        }
        switch caller {
        case .admin: return (record, true)
        case .candidate(let token):
            guard ConstantTime.equal(token, record.joinToken), record.joinTokenExpiresAt > Date() else {
                throw APIError.unauthorized("the join token is wrong or has expired")
            }
            return (record, false)
        case .anonymous: throw APIError.unauthorized()
        }
    }

    func create(_ request: Request) async throws -> Response {
        try requireAdmin(request)
        let body = try await decodeJSONBody(CreateRequest.self, from: request, limit: 64 * 1024)
        let role = body.role.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !role.isEmpty, role.count <= 200 else { throw APIError.badRequest("'role' must be 1 to 200 characters") }
        let type = body.type ?? "mixed"
        guard Self.types.contains(type) else { throw APIError.badRequest("'type' must be one of technical, behavioral, mixed") }
        let level = body.level ?? "mid"
        guard Self.levels.contains(level) else { throw APIError.badRequest("'level' must be one of junior, mid, senior") }
        let techstack = (body.techstack ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard techstack.count <= 30, techstack.allSatisfy({ $0.count <= 60 }) else {
            throw APIError.badRequest("'techstack' takes at most 30 items of at most 60 characters")
        }
        let questionCount = body.questionCount ?? 5
        guard (1...20).contains(questionCount) else { throw APIError.badRequest("'questionCount' must be from 1 to 20") }
        if let name = body.candidateName, name.count > 200 {
            throw APIError.badRequest("'candidateName' must be at most 200 characters")
        }
        let now = Date()
        let id = "iv_" + SecureRandom.token(byteCount: 12)
        // The plan is deterministic for the interview id: the live session plans the same questions.
        let questions = QuestionPlanner.plan(
            role: role, type: InterviewType(rawValue: type) ?? .mixed, level: InterviewLevel(rawValue: level) ?? .mid,
            techstack: techstack, count: questionCount, seed: QuestionPlanner.seed(from: id))
        let record = InterviewRecord(
            id: id,
            role: role, type: type, level: level, techstack: techstack, questionCount: questionCount,
            candidateName: body.candidateName, status: "scheduled",
            joinToken: SecureRandom.token(byteCount: 24),
            joinTokenExpiresAt: now.addingTimeInterval(TimeInterval(configuration.joinTokenTTLSeconds)),
            questions: questions.map { InterviewRecord.Question(index: $0.index, text: $0.text) }, createdAt: now)
        try database.insert(record)
        return try jsonResponse(InterviewResponse(record, baseURL: configuration.baseURL, includeToken: true), status: .created)
    }

    func list(_ request: Request) throws -> Response {
        try requireAdmin(request)
        let records = try database.interviews()
        return try jsonResponse(records.map { InterviewResponse($0, baseURL: configuration.baseURL, includeToken: true) })
    }

    func detail(_ request: Request, id: String) throws -> Response {
        let (record, isAdmin) = try authorizedInterview(request, id: id)
        return try jsonResponse(InterviewResponse(record, baseURL: configuration.baseURL, includeToken: isAdmin))
    }

    struct TranscriptEntry: Encodable {
        var seq: Int
        var role: String
        var text: String
        var startMs: Int
        var endMs: Int
        var interrupted: Bool
        var heardText: String?
    }

    func transcript(_ request: Request, id: String) throws -> Response {
        let (record, _) = try authorizedInterview(request, id: id)
        let entries = try database.transcript(interviewId: record.id).map {
            TranscriptEntry(seq: $0.seq, role: $0.role, text: $0.text, startMs: $0.startMs, endMs: $0.endMs,
                            interrupted: $0.interrupted, heardText: $0.heardText)
        }
        return try jsonResponse(entries)
    }

    /// Latency of the interview's turns: percentiles of end of speech → first audio and the mean of each stage, ms.
    struct LatencySummary: Encodable {
        var turns: Int
        var endOfSpeechToFirstAudioMs: Percentiles?
        var meanStageMs: [String: Double]
        var perTurn: [[String: Double]]

        struct Percentiles: Encodable {
            var p50: Double
            var p95: Double
            var max: Double
        }
    }

    func report(_ request: Request, id: String) throws -> Response {
        try requireAdmin(request)
        guard let record = try database.interview(id: id) else { throw APIError.notFound("no interview '\(id)'") }
        guard let stored = try database.report(interviewId: record.id) else {
            throw APIError(.conflict, code: "not_ready", "the interview has no report yet: it has not been held")
        }
        let turns = try database.turnMetrics(interviewId: record.id).compactMap { json -> [String: Double]? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
            return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }.filter { $0.key != "questionIndex" }
        }
        let totals = turns.compactMap { $0["endOfSpeechToFirstAudioMs"] }.sorted()
        func percentile(_ p: Double) -> Double { totals[min(totals.count - 1, Int((Double(totals.count - 1) * p).rounded()))] }
        var stageSums: [String: (Double, Int)] = [:]
        for turn in turns {
            for (key, value) in turn where key != "endOfSpeechToFirstAudioMs" {
                let (sum, count) = stageSums[key] ?? (0, 0)
                stageSums[key] = (sum + value, count + 1)
            }
        }
        let summary = LatencySummary(
            turns: turns.count,
            endOfSpeechToFirstAudioMs: totals.isEmpty ? nil : .init(p50: percentile(0.5), p95: percentile(0.95), max: totals.last ?? 0),
            meanStageMs: stageSums.mapValues { $0.0 / Double(max($0.1, 1)) },
            perTurn: turns)
        struct Body: Encodable {
            let interviewId: String
            let status: String
            let final: Bool
            let latency: LatencySummary
        }
        // The scored report is stored as JSON by the interview; merge it with the latency summary.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var object = (try JSONSerialization.jsonObject(with: Data(stored.json.utf8)) as? [String: Any]) ?? [:]
        let extra = try JSONSerialization.jsonObject(with: encoder.encode(Body(
            interviewId: record.id, status: record.status, final: stored.final, latency: summary))) as? [String: Any] ?? [:]
        object.merge(extra) { _, new in new }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
