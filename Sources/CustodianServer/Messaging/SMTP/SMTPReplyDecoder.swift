import CustodianCore
import NIOCore

/// Splits the byte stream from an SMTP server into replies (``SMTPReply``), one line at a time.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > SMTPReplyParser.maxLineLength { throw SMTPError.malformedReply }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard var line = buffer.readBytes(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        do {
            if let reply = try parser.take(line) {
                context.fireChannelRead(Self.wrapInboundOut(reply))
            }
        } catch {
            throw SMTPError.malformedReply
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
