import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client (RFC 6455) for criteria that talk to a realtime endpoint: the opening
/// handshake, masked text frames out, text frames in, with a deadline on every wait.
final class WebSocketClient {
    private let fd: Int32
    private var buffer = Data()

    enum Failure: Error, Equatable {
        case handshake(String)
        case closed
        case timedOut
        case protocolError(String)

        var reason: String {
            switch self {
            case .handshake(let why): "the WebSocket handshake failed: \(why)"
            case .closed: "the server closed the WebSocket"
            case .timedOut: "no message in time"
            case .protocolError(let why): "the server broke the WebSocket protocol: \(why)"
            }
        }
    }

    /// Opens `target` on the client's address: an HTTP/1.1 GET with Upgrade, answered 101 with
    /// the right Sec-WebSocket-Accept.
    init(client: HTTPClient, target: String, headers: [(name: String, value: String)], deadline: Date) throws {
        var key = Data(count: 16)
        for index in 0..<16 { key[index] = UInt8.random(in: 0...255) }
        let keyText = key.base64EncodedString()
        var request = HTTPRequest(method: "GET", target: target, headers: [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", keyText), ("Sec-WebSocket-Version", "13"),
        ] + headers)
        request.body = Data()
        switch client.openUpgraded(request, deadline: deadline) {
        case .failure(let failure): throw Failure.handshake(failure.reason)
        case .success(let (fd, response, rest)):
            self.fd = fd
            buffer = rest
            guard response.status == 101 else {
                close(fd)
                throw Failure.handshake("expected 101 Switching Protocols, got \(response.status)")
            }
            let expected = Data(SHA1.hash(Data((keyText + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
            guard response.header("Sec-WebSocket-Accept") == expected else {
                close(fd)
                throw Failure.handshake("Sec-WebSocket-Accept is not the hash of the key (RFC 6455 §4.2.2)")
            }
        }
    }

    deinit { close(fd) }

    /// Sends one text message, masked as a client must.
    func send(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65_536 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xFF)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        var offset = 0
        while offset < frame.count {
            let sent = frame.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, frame.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent } else if errno != EINTR && errno != EAGAIN { throw Failure.closed }
        }
    }

    /// The next text message, answering pings on the way.
    func receive(until deadline: Date) throws -> String {
        while true {
            if let (opcode, payload, used) = try Self.frame(in: buffer) {
                buffer.removeFirst(used)
                switch opcode {
                case 0x1: return String(decoding: payload, as: UTF8.self)
                case 0x8: throw Failure.closed
                case 0x9: try pong(payload)
                default: continue
                }
                continue
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Failure.timedOut }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(remaining * 1000) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { throw Failure.closed }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    private func pong(_ payload: Data) throws {
        var frame: [UInt8] = [0x8A, 0x80 | UInt8(min(payload.count, 125))]
        let mask: [UInt8] = [1, 2, 3, 4]
        frame += mask + payload.prefix(125).enumerated().map { $0.element ^ mask[$0.offset % 4] }
        _ = frame.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, frame.count, Int32(MSG_NOSIGNAL)) }
    }

    /// One whole frame from the start of `data`: its opcode, unmasked payload and length in
    /// bytes; nil until it has all arrived.
    static func frame(in data: Data) throws -> (UInt8, Data, Int)? {
        let bytes = [UInt8](data.prefix(14))
        guard bytes.count >= 2 else { return nil }
        let opcode = bytes[0] & 0x0F
        let masked = bytes[1] & 0x80 != 0
        var length = Int(bytes[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[$1]) }
            offset = 10
        }
        guard length <= 16 << 20 else { throw Failure.protocolError("a frame of \(length) bytes") }
        let maskBytes = masked ? 4 : 0
        guard data.count >= offset + maskBytes + length else { return nil }
        let start = data.startIndex + offset + maskBytes
        var payload = Data(data[start..<start + length])
        if masked {
            let mask = [UInt8](data[(data.startIndex + offset)..<(data.startIndex + offset + 4)])
            payload = Data(payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
        }
        return (opcode, payload, offset + maskBytes + length)
    }
}

/// SHA-1 (FIPS 180-4), for the WebSocket handshake's Sec-WebSocket-Accept only.
enum SHA1 {
    static func hash(_ data: Data) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var message = [UInt8](data)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8((bitLength >> UInt64(shift)) & 0xFF)) }
        func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 80)
            for i in 0..<16 {
                w[i] = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(message[chunk + i * 4 + $1]) }
            }
            for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (b ^ c ^ d, 0xCA62C1D6)
                }
                let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return h.flatMap { value in (0..<4).map { UInt8((value >> UInt32(24 - $0 * 8)) & 0xFF) } }
    }
}
