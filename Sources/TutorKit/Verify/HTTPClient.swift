import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 request exactly as the verifier sends it.
public struct HTTPRequest: Hashable, Sendable {
    public var method: String
    /// The path and query: `/todos?done=true`.
    public var target: String
    /// In the order they are sent.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.body == b.body && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(target)
        hasher.combine(body)
    }
}

/// A response as it came over the wire.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The body was longer than the cap and was cut there.
    public var truncated: Bool

    /// The first value of a header, its name matched without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header, each comma-separated list split into its elements.
    public func values(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            .flatMap { $0.value.split(separator: ",").map { String($0).trimmedWhitespace } }
    }
}

/// Why a request got no usable response.
public enum HTTPFailure: Error, Hashable, Sendable {
    /// Nothing accepts connections at the address.
    case refused(String)
    case timedOut(seconds: Double)
    /// The server closed the connection before a whole response.
    case closed
    /// What came back is not HTTP.
    case notHTTP(String)
    /// Ctrl-C.
    case interrupted
    case other(String)

    public var reason: String {
        switch self {
        case .refused(let address): "nothing accepts connections at \(address)"
        case .timedOut(let seconds): "no complete response within \(Self.seconds(seconds))"
        case .closed: "the server closed the connection without a complete response"
        case .notHTTP(let start): "the answer is not HTTP: it starts with \(start)"
        case .interrupted: "stopped by Ctrl-C"
        case .other(let reason): reason
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// A small HTTP/1.1 client over a plain socket: one connection per request, `Connection:
/// close`, a deadline on the whole exchange, and a cap on the body kept. It sends exactly the
/// bytes a criterion describes (malformed JSON included), which a higher-level client would
/// tidy up.
public struct HTTPClient: Sendable {
    public var host: String
    public var port: Int
    public var timeout: Double
    /// The most of a body kept; the rest is read and dropped, up to twice the cap.
    public var bodyCap = 1 << 20
    /// Ends every wait at once when it turns true (Ctrl-C).
    public var interrupted: @Sendable () -> Bool = { false }

    public init(host: String, port: Int, timeout: Double) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The bytes of `request` as sent, with Host, Connection and Content-Length added.
    public func wire(_ request: HTTPRequest) -> Data {
        var head = "\(request.method) \(request.target) HTTP/1.1\r\nHost: \(address)\r\n"
        for header in request.headers { head += "\(header.name): \(header.value)\r\n" }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        if !request.headers.contains(where: { $0.name.lowercased() == "connection" }) { head += "Connection: close\r\n" }
        head += "\r\n"
        return Data(head.utf8) + request.body
    }

    public func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor: Int32
        switch connect(deadline: deadline) {
        case .success(let fd): descriptor = fd
        case .failure(let failure): return .failure(failure)
        }
        defer { close(descriptor) }
        if let failure = write(wire(request), to: descriptor, deadline: deadline) { return .failure(failure) }
        return read(from: descriptor, deadline: deadline, head: request.method == "HEAD")
    }

    /// Sends an Upgrade request and reads only the response's head: the open socket, the
    /// response, and any bytes that came after the head (the first frames).
    func openUpgraded(_ request: HTTPRequest, deadline: Date) -> Result<(Int32, HTTPResponse, Data), HTTPFailure> {
        let descriptor: Int32
        switch connect(deadline: deadline) {
        case .success(let fd): descriptor = fd
        case .failure(let failure): return .failure(failure)
        }
        if let failure = write(wire(request), to: descriptor, deadline: deadline) {
            close(descriptor)
            return .failure(failure)
        }
        switch readHead(from: descriptor, deadline: deadline) {
        case .success(let head):
            return .success((descriptor, HTTPResponse(status: head.status, reason: head.reason, headers: head.headers, body: Data(), truncated: false), head.rest))
        case .failure(let failure):
            close(descriptor)
            return .failure(failure)
        }
    }

    /// Whether something accepts connections at the address now.
    public func accepts() -> Bool {
        guard case .success(let fd) = connect(deadline: Date().addingTimeInterval(min(timeout, 1))) else { return false }
        close(fd)
        return true
    }

    private func connect(deadline: Date) -> Result<Int32, HTTPFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            return .failure(.other("cannot resolve \(host)"))
        }
        defer { freeaddrinfo(list) }
        var failure = HTTPFailure.refused(address)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return .success(fd) }
            if errno == EINPROGRESS {
                switch wait(fd, for: Int16(POLLOUT), until: deadline) {
                case .ready:
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                    if error == 0 { return .success(fd) }
                case .timedOut:
                    failure = .timedOut(seconds: timeout)
                case .interrupted:
                    close(fd)
                    return .failure(.interrupted)
                case .failed:
                    break
                }
            }
            close(fd)
        }
        return .failure(failure)
    }

    private enum Readiness { case ready, timedOut, failed, interrupted }

    private func wait(_ fd: Int32, for events: Int16, until deadline: Date) -> Readiness {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let result = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if result > 0 { return .ready }
            if result == 0 { continue }
            if errno == EINTR {
                if interrupted() { return .interrupted }
                continue
            }
            return .failed
        }
    }

    private func write(_ data: Data, to fd: Int32, deadline: Date) -> HTTPFailure? {
        var offset = 0
        return data.withUnsafeBytes { buffer -> HTTPFailure? in
            while offset < buffer.count {
                let sent = Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent > 0 { offset += sent; continue }
                if sent < 0, errno == EAGAIN || errno == EINTR {
                    switch wait(fd, for: Int16(POLLOUT), until: deadline) {
                    case .ready: continue
                    case .timedOut: return .timedOut(seconds: timeout)
                    case .interrupted: return .interrupted
                    case .failed: return .closed
                    }
                }
                // A server may answer (413) and close before taking the whole body: read that.
                return nil
            }
            return nil
        }
    }

    /// A response's head, and what came after it.
    private struct Head {
        var status: Int
        var reason: String
        var headers: [(name: String, value: String)]
        /// The bytes after the head: the start of the body.
        var rest: Data
        /// The server closed the connection after sending them.
        var closed: Bool
    }

    private enum Received { case more, closed, failed(HTTPFailure) }

    /// Waits for bytes until the deadline and appends what one read brings.
    private func receive(from fd: Int32, into data: inout Data, deadline: Date) -> Received {
        switch wait(fd, for: Int16(POLLIN), until: deadline) {
        case .ready: break
        case .timedOut: return .failed(.timedOut(seconds: timeout))
        case .interrupted: return .failed(.interrupted)
        case .failed: return .failed(.closed)
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        if count > 0 {
            data.append(contentsOf: buffer[0..<count])
            return .more
        }
        return count == 0 || (errno != EAGAIN && errno != EINTR) ? .closed : .more
    }

    private func readHead(from fd: Int32, deadline: Date) -> Result<Head, HTTPFailure> {
        var received = Data()
        var closed = false
        while true {
            if let end = received.range(of: Data("\r\n\r\n".utf8)) {
                return Self.parseHead(received[..<end.lowerBound]).map {
                    Head(status: $0.status, reason: $0.reason, headers: $0.headers, rest: Data(received[end.upperBound...]), closed: closed)
                }
            }
            if received.count >= 5, !received.starts(with: Data("HTTP/".utf8)) { return .failure(.notHTTP(Self.preview(received))) }
            if received.count > 64 * 1024 { return .failure(.notHTTP("a head longer than 64 KiB")) }
            if closed { return .failure(received.isEmpty ? .closed : .notHTTP(Self.preview(received))) }
            switch receive(from: fd, into: &received, deadline: deadline) {
            case .more: break
            case .closed: closed = true
            case .failed(let failure): return .failure(failure)
            }
        }
    }

    private func read(from fd: Int32, deadline: Date, head isHead: Bool) -> Result<HTTPResponse, HTTPFailure> {
        let head: Head
        switch readHead(from: fd, deadline: deadline) {
        case .success(let read): head = read
        case .failure(let failure): return .failure(failure)
        }
        let response = { (data: Data, truncated: Bool) in
            HTTPResponse(status: head.status, reason: head.reason, headers: head.headers, body: data, truncated: truncated)
        }
        if isHead || head.status == 204 || head.status == 304 || (100..<200).contains(head.status) { return .success(response(Data(), false)) }
        let length = head.headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value.trimmedWhitespace) }
        let chunked = head.headers.contains { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }
        var body = head.rest
        var closed = head.closed
        while true {
            if chunked {
                switch Self.dechunk(body) {
                case .complete(let data): return .success(response(data.prefix(bodyCap), data.count > bodyCap))
                case .invalid: return .failure(.notHTTP("a chunked body that is not valid"))
                case .incomplete where closed: return .failure(.closed)
                case .incomplete: break
                }
            } else if let length {
                if body.count >= length || body.count > bodyCap * 2 {
                    return .success(response(Data(body.prefix(min(length, bodyCap))), length > bodyCap))
                }
                if closed { return .failure(.closed) }
            } else if closed || body.count > bodyCap * 2 {
                return .success(response(Data(body.prefix(bodyCap)), body.count > bodyCap))
            }
            switch receive(from: fd, into: &body, deadline: deadline) {
            case .more: break
            case .closed: closed = true
            case .failed(let failure): return .failure(failure)
            }
        }
    }

    static func preview(_ data: Data) -> String {
        let text = String(decoding: data.prefix(40), as: UTF8.self)
        return "'" + Sanitizer.clean(text).replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "'"
    }

    static func parseHead(_ head: Data) -> Result<(status: Int, reason: String, headers: [(name: String, value: String)]), HTTPFailure> {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status) else {
            return .failure(.notHTTP(preview(head)))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .failure(.notHTTP("a header line without a colon: \(preview(Data(line.utf8)))")) }
            headers.append((String(line[..<colon]).trimmedWhitespace, String(line[line.index(after: colon)...]).trimmedWhitespace))
        }
        return .success((status, parts.count > 2 ? String(parts[2]) : "", headers))
    }

    enum Dechunked { case complete(Data), incomplete, invalid }

    static func dechunk(_ data: Data) -> Dechunked {
        var body = Data()
        var index = data.startIndex
        while true {
            guard let lineEnd = data[index...].range(of: Data("\r\n".utf8)) else { return .incomplete }
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmedWhitespace, radix: 16), size >= 0 else { return .invalid }
            let start = lineEnd.upperBound
            if size == 0 { return .complete(body) }
            guard data.distance(from: start, to: data.endIndex) >= size + 2 else { return .incomplete }
            let end = data.index(start, offsetBy: size)
            body.append(data[start..<end])
            index = data.index(end, offsetBy: 2)
        }
    }
}
