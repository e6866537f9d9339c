import CurlHTTP
import Foundation
import NIOPosix

/// The parts of Parley's REST API (PROTOCOL.md) a synthetic caller uses: create an interview as
/// admin, and read things back. Each request runs on a blocking libcurl handle on NIO's thread
/// pool, so the cooperative pool never blocks; cancelling the task aborts the transfer.
public struct ParleyAPI: Sendable {
    /// An interview as `POST /v1/interviews` returned it.
    public struct Interview: Sendable, Decodable {
        /// A planned question.
        public struct Question: Sendable, Decodable {
            public var index: Int
            public var text: String
        }

        public var id: String
        public var joinToken: String
        public var questions: [Question]
    }

    /// A request that failed or got an unexpected answer.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `http://host:port` (no trailing slash).
    public let baseURL: String
    public let adminToken: String
    public var timeout: Duration = .seconds(15)

    public init(baseURL: String, adminToken: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.adminToken = adminToken
    }

    /// Creates an interview about ``AnswerSet/role`` and ``AnswerSet/techstack`` with `questionCount` questions.
    public func createInterview(questionCount: Int) async throws -> Interview {
        struct Body: Encodable {
            var role: String
            var type = "technical"
            var techstack: [String]
            var questionCount: Int
            var candidateName = "Synthetic caller"
        }
        let body = try JSONEncoder().encode(Body(role: AnswerSet.role, techstack: AnswerSet.techstack, questionCount: questionCount))
        let (status, bytes) = try await request("POST", "/v1/interviews", body: [UInt8](body))
        guard status == 201 else {
            throw Failure(description: "POST /v1/interviews: HTTP \(status) \(String(decoding: bytes.prefix(300), as: UTF8.self))")
        }
        do {
            return try JSONDecoder().decode(Interview.self, from: Data(bytes))
        } catch {
            throw Failure(description: "POST /v1/interviews: unexpected response (\(error))")
        }
    }

    /// The signalling WebSocket URL of `interview`.
    public func signalURL(_ interview: Interview) -> String {
        let ws = baseURL.hasPrefix("https://") ? "wss://" + baseURL.dropFirst(8) : "ws://" + baseURL.dropFirst(7)
        let token = interview.joinToken.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? interview.joinToken
        return "\(ws)/v1/interviews/\(interview.id)/signal?token=\(token)"
    }

    /// Performs a request with the admin token; returns the status and body.
    public func request(_ method: String, _ path: String, body: [UInt8]? = nil) async throws -> (Int, [UInt8]) {
        let client = try CurlClient()
        var headers = [HTTPHeaderField("Authorization", "Bearer \(adminToken)")]
        if body != nil { headers.append(HTTPHeaderField("Content-Type", "application/json")) }
        let request = HTTPClientRequest(method: method, url: baseURL + path, headers: headers, body: body,
                                        timeout: timeout, connectTimeout: .seconds(5))
        return try await withTaskCancellationHandler {
            do {
                let response = try await NIOThreadPool.singleton.runIfActive { try client.perform(request: request) }
                return (response.status, response.body)
            } catch let error as CurlError {
                if error.isCancelled { throw CancellationError() }
                throw Failure(description: "\(method) \(baseURL + path): \(error)")
            }
        } onCancel: {
            client.cancel()
        }
    }
}
