import Logging
import NIOCore
import NIOPosix
import Testing

@testable import DanCuStore

/// The question the store asks a host it suspects: it ends whatever the host does.
@Suite struct HostProbeTests {
    /// Lets a client log in (AuthenticationOk, BackendKeyData, ReadyForQuery), then never answers again:
    /// a server that stopped after the log-in, which once held the question for ever.
    final class LogInThenSilence: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var loggedIn = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !loggedIn else { return }
            loggedIn = true
            var reply = context.channel.allocator.buffer(capacity: 32)
            reply.writeInteger(UInt8(ascii: "R"))
            reply.writeInteger(Int32(8))
            reply.writeInteger(Int32(0))
            reply.writeInteger(UInt8(ascii: "K"))
            reply.writeInteger(Int32(12))
            reply.writeInteger(Int32(4242))
            reply.writeInteger(Int32(1))
            reply.writeInteger(UInt8(ascii: "Z"))
            reply.writeInteger(Int32(5))
            reply.writeInteger(UInt8(ascii: "I"))
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        }
    }

    static func server(_ handler: @escaping @Sendable () -> (any ChannelHandler)?) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let handler = handler() { try channel.pipeline.syncOperations.addHandler(handler) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    static func ask(_ server: any Channel) async throws -> HostAnswer {
        let port = try #require(server.localAddress?.port)
        let target = try PostgresTarget(url: "postgres://dancu:secret@127.0.0.1:\(port)/dancu")
        let host = try #require(target.hosts.first)
        return await HostProbe(host, of: target).ask(logger: Logger(label: "host-probe-test"))
    }

    @Test(.timeLimit(.minutes(1))) func aHostThatGoesSilentAfterTheLogInIsSilent() async throws {
        let server = try await Self.server { LogInThenSilence() }
        defer { server.close(promise: nil) }
        let answer = try await Self.ask(server)
        guard case .silent = answer else {
            Issue.record("expected no answer, got \(answer)")
            return
        }
    }

    @Test(.timeLimit(.minutes(1))) func aHostThatNeverSpeaksIsSilent() async throws {
        let server = try await Self.server { nil }
        defer { server.close(promise: nil) }
        #expect(try await !Self.ask(server).isAlive)
    }

    /// Whatever phase a question hangs in (PostgresNIO has left statements unanswered on closed
    /// connections), the store gets an answer at the limit.
    @Test(.timeLimit(.minutes(1))) func aQuestionWithoutAnAnswerEndsAtTheLimit() async {
        let hung = await HostProbe.first(within: .milliseconds(200)) {
            try? await Task.sleep(for: .seconds(3_600))
            return .answered(inRecovery: false, readOnly: false)
        }
        #expect(!hung.isAlive)
        let quick = await HostProbe.first(within: .seconds(30)) { .answered(inRecovery: true, readOnly: true) }
        guard case .answered(inRecovery: true, readOnly: true) = quick else {
            Issue.record("expected the question's own answer, got \(quick)")
            return
        }
    }
}
