import Glibc
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import UDPSocket
import XCTest

/// The kernel's receive stamps reach the channel handler: a datagram that waits in the socket
/// while the event loop is busy keeps its arrival time.
final class TimestampedUDPSocketTests: XCTestCase {
    /// Records, for each datagram read, its stamped arrival and the moment the handler ran.
    private final class Recorder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let socket: TimestampedUDPSocket
        let reads = NIOLockedValueBox([(payload: [UInt8], arrival: ContinuousClock.Instant, read: ContinuousClock.Instant)]())
        init(socket: TimestampedUDPSocket) { self.socket = socket }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let now = ContinuousClock.now
            let arrival = socket.arrivalOfLastDatagram(now: now)
            var buffer = unwrapInboundIn(data).data
            let payload = buffer.readBytes(length: buffer.readableBytes) ?? []
            reads.withLockedValue { $0.append((payload, arrival, now)) }
        }
    }

    func testDatagramsQueuedWhileTheLoopIsBusyKeepTheirArrivalTimes() async throws {
        let socket = try TimestampedUDPSocket.bind(host: "127.0.0.1", port: 0)
        let recorder = Recorder(socket: socket)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await socket.makeChannel(
            DatagramBootstrap(group: group)
                .channelOption(ChannelOptions.maxMessagesPerRead, value: 16)
                .channelInitializer { $0.pipeline.addHandler(recorder) })
        let sender = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let target = try XCTUnwrap(channel.localAddress)

        // Keep the receiving loop busy for 300 ms while three datagrams arrive 100 ms apart.
        channel.eventLoop.execute { usleep(300_000) }
        try await Task.sleep(for: .milliseconds(20))
        var sent: [ContinuousClock.Instant] = []
        for n in UInt8(1)...3 {
            sent.append(.now)
            try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: sender.allocator.buffer(bytes: [n])))
            if n < 3 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await Task.sleep(for: .milliseconds(400))
        let reads = recorder.reads.withLockedValue { $0 }
        try await sender.close()
        try await channel.close()
        try await group.shutdownGracefully()

        XCTAssertEqual(reads.map(\.payload), [[1], [2], [3]])
        guard reads.count == 3 else { return }
        // The first two waited behind the busy loop: read at least 50 ms after they arrived.
        XCTAssertGreaterThan(reads[0].read - reads[0].arrival, .milliseconds(50))
        for (index, read) in reads.enumerated() {
            // Stamped within a few ms of being sent (loopback), never after being read.
            XCTAssertLessThanOrEqual(read.arrival, read.read)
            XCTAssertLessThan(abs((read.arrival - sent[index]) / .milliseconds(1)), 15, "datagram \(index + 1)")
        }
        // The arrivals keep the 100 ms spacing the loop's reads lost.
        XCTAssertEqual((reads[1].arrival - reads[0].arrival) / .milliseconds(1), 100, accuracy: 15)
    }

    func testAnAddressThatCannotBeBoundIsAClearError() {
        XCTAssertThrowsError(try TimestampedUDPSocket.bind(host: "192.0.2.1", port: 0)) { error in
            XCTAssertTrue("\(error)".contains("bind"), "\(error)")
        }
        XCTAssertThrowsError(try TimestampedUDPSocket.bind(host: "not a host name", port: 0))
    }
}
