import Foundation
internal import CCurl

/// A small blocking HTTP/HTTPS client over one libcurl easy handle — for calls to LLM,
/// STT and TTS providers, including streamed bodies (server-sent events, chunked audio).
///
/// Each call blocks the calling thread until the transfer ends, so run it on a thread
/// that may block (not a NIO event loop). The handle keeps its connection cache between
/// calls, so reusing one client for one host saves TCP/TLS handshakes.
///
/// Owns one `CURL *`, freed on release. Thread safety: one transfer at a time per
/// instance — use an instance from one thread at a time (create one per worker).
/// ``cancel()`` is the exception: it may be called from any thread.
public final class CurlClient: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let cancellation = CancellationFlag()

    /// Creates a client, running `curl_global_init` once per process first.
    public init() throws {
        if let failure = curlGlobalInitFailure { throw failure }
        guard let handle = curl_easy_init() else {
            throw CurlError(CURLE_FAILED_INIT, detail: "curl_easy_init returned NULL")
        }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Stops the transfer in progress (if any) within about a second, from any thread.
    /// `perform` then throws a ``CurlError`` with ``CurlError/isCancelled``; `stream`
    /// returns with `wasAborted`. Has no effect on later transfers.
    public func cancel() { cancellation.set(true) }

    /// Runs `request` to completion and returns the whole response.
    /// - Throws: ``CurlError`` when the transfer fails (connection refused, timeout, …).
    ///   An HTTP error status (4xx/5xx) is a normal response, not an error.
    public func perform(request: HTTPClientRequest) throws -> HTTPClientResponse {
        let transfer = Transfer(handle: handle, onHead: nil, onChunk: nil)
        try run(request, transfer)
        return HTTPClientResponse(status: transfer.status(), headers: transfer.headers, body: transfer.body)
    }

    /// Runs `request`, handing body bytes to `onChunk` as they arrive.
    ///
    /// - Parameters:
    ///   - onHead: called once with the final status and headers, before the first chunk
    ///     (or at the end for an empty body); return `.stop` to abort (e.g. on 4xx/5xx).
    ///   - onChunk: called for each piece of body as received; return `.stop` to abort.
    /// - Returns: the response head and whether the transfer was aborted. Aborting through
    ///   a callback or ``cancel()`` is not an error.
    /// - Throws: ``CurlError`` for transport failures.
    @discardableResult
    public func stream(
        request: HTTPClientRequest,
        onHead: ((HTTPClientResponseHead) -> HTTPStreamControl)? = nil,
        onChunk: ([UInt8]) -> HTTPStreamControl
    ) throws -> HTTPStreamResult {
        try withoutActuallyEscaping(onChunk) { onChunk in
            let transfer = Transfer(handle: handle, onHead: onHead, onChunk: onChunk)
            do {
                try run(request, transfer)
            } catch let error as CurlError where transfer.stoppedByCallback || error.isCancelled {
                return HTTPStreamResult(head: transfer.head(), bytesReceived: transfer.bytesReceived, wasAborted: true)
            }
            transfer.deliverHeadIfNeeded()
            return HTTPStreamResult(head: transfer.head(), bytesReceived: transfer.bytesReceived,
                                    wasAborted: transfer.stoppedByCallback)
        }
    }

    // MARK: - Transfer setup

    private func run(_ request: HTTPClientRequest, _ transfer: Transfer) throws {
        guard !request.url.isEmpty, !request.url.utf8.contains(0) else { throw CurlError.badArgument("invalid URL \"\(request.url)\"") }
        let method = request.method.uppercased()
        guard !method.isEmpty, method.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw CurlError.badArgument("invalid HTTP method \"\(request.method)\"")
        }
        for field in request.headers {
            let bad = { (s: String) in s.utf8.contains { $0 == 0 || $0 == 10 || $0 == 13 } }
            guard !field.name.isEmpty, !bad(field.name), !field.name.contains(":"), !bad(field.value) else {
                throw CurlError.badArgument("invalid header field \"\(field.name)\"")
            }
        }

        curl_easy_reset(handle)
        cancellation.set(false)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for field in request.headers {
            headerList = curl_slist_append(headerList, field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let progress = Unmanaged.passUnretained(cancellation).toOpaque()
        try check(parley_curl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(parley_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(parley_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(parley_curl_setopt_string(handle, CURLOPT_USERAGENT, "parley"))
        try check(parley_curl_setopt_write_function(handle, writeCallback))
        try check(parley_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(parley_curl_setopt_header_function(handle, headerCallback))
        try check(parley_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        try check(parley_curl_setopt_xferinfo_function(handle, progressCallback))
        try check(parley_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, progress))
        try check(parley_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        if request.followRedirects {
            try check(parley_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
            try check(parley_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 10))
        }
        if let timeout = request.timeout {
            try check(parley_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)))
        }
        if let connectTimeout = request.connectTimeout {
            try check(parley_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)))
        }

        switch method {
        case "GET" where request.body == nil:
            try check(parley_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "HEAD" where request.body == nil:
            try check(parley_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        case "POST":
            try setBody(request.body ?? [])
        default:
            try check(parley_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
            if let body = request.body { try setBody(body) }
        }
        if let headerList {
            try check(parley_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        }

        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            throw CurlError(result, detail: String(cString: errorBuffer))
        }
    }

    /// Sets a copied request body (also makes curl send POST unless CUSTOMREQUEST overrides).
    private func setBody(_ body: [UInt8]) throws {
        let status = body.withUnsafeBufferPointer { buffer -> CURLcode in
            // COPYPOSTFIELDS with length 0 still needs a valid pointer.
            guard let base = buffer.baseAddress else { return parley_curl_setopt_postfields(handle, "", 0) }
            return parley_curl_setopt_postfields(handle, base, buffer.count)
        }
        try check(status)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError(code, detail: String(cString: errorBuffer)) }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(clamping: seconds) &* 1000 &+ Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// `curl_global_init` runs once per process, on first use (Swift globals are lazy and thread-safe).
private let curlGlobalInitFailure: CurlError? = {
    let code = parley_curl_global_init_default()
    return code == CURLE_OK ? nil : CurlError(code, detail: "curl_global_init failed")
}()

/// A Bool that ``CurlClient/cancel()`` sets from any thread.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set(_ newValue: Bool) { lock.withLock { value = newValue } }
    var isSet: Bool { lock.withLock { value } }
}

/// State of one transfer, reached from curl's C callbacks through their userdata pointer.
final class Transfer {
    let handle: UnsafeMutableRawPointer
    let onHead: ((HTTPClientResponseHead) -> HTTPStreamControl)?
    let onChunk: (([UInt8]) -> HTTPStreamControl)?
    var headers: [HTTPHeaderField] = []
    var body: [UInt8] = []
    var bytesReceived = 0
    var headDelivered = false
    var stoppedByCallback = false

    init(handle: UnsafeMutableRawPointer, onHead: ((HTTPClientResponseHead) -> HTTPStreamControl)?, onChunk: (([UInt8]) -> HTTPStreamControl)?) {
        self.handle = handle
        self.onHead = onHead
        self.onChunk = onChunk
    }

    func status() -> Int {
        var code = 0
        _ = parley_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    func head() -> HTTPClientResponseHead { HTTPClientResponseHead(status: status(), headers: headers) }

    /// Returns false if the head callback asked to stop.
    @discardableResult
    func deliverHeadIfNeeded() -> Bool {
        guard !headDelivered else { return true }
        headDelivered = true
        if let onHead, onHead(head()) == .stop {
            stoppedByCallback = true
            return false
        }
        return true
    }

    /// One raw header line from curl (status line, field, or the blank line ending a block).
    func receiveHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after a redirect or 100 Continue)
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeaderField(name, value))
        }
    }

    /// Returns false to abort the transfer.
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytesReceived += bytes.count
        guard let onChunk else {
            body.append(contentsOf: bytes)
            return true
        }
        guard deliverHeadIfNeeded() else { return false }
        if onChunk(Array(bytes)) == .stop {
            stoppedByCallback = true
            return false
        }
        return true
    }
}

private let writeCallback: parley_curl_write_callback = { pointer, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer)?.assumingMemoryBound(to: UInt8.self), count: pointer == nil ? 0 : length)
    return transfer.receiveBody(bytes) ? length : 0
}

private let headerCallback: parley_curl_write_callback = { pointer, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer)?.assumingMemoryBound(to: UInt8.self), count: pointer == nil ? 0 : length)
    transfer.receiveHeaderLine(bytes)
    return length
}

private let progressCallback: parley_curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    return Unmanaged<CancellationFlag>.fromOpaque(userdata).takeUnretainedValue().isSet ? 1 : 0
}
