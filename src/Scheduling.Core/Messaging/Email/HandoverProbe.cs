using MailKit;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// Tells whether the end-of-message mark of DATA has left this process, which is the line between
/// "transient" and "unknown". MailKit calls a protocol logger's LogClient only after the bytes were
/// written to the connection (SmtpStream logs after its Write/Flush returns), and above TLS, so it sees
/// plain SMTP. A body is dot-stuffed, so "\n.\r\n" cannot occur in it: it is the terminator that MailKit
/// writes after the body. Once seen, the server may have taken the message whatever happens next.
/// </summary>
internal sealed class HandoverProbe : IProtocolLogger
{
    private static readonly byte[] Terminator = "\n.\r\n"u8.ToArray();

    private readonly byte[] _tail = new byte[Terminator.Length];
    private int _tailLength;

    public bool MessageHandedOver { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>Starts watching one message; called before each send on the connection.</summary>
    public void Reset()
    {
        MessageHandedOver = false;
        _tailLength = 0;
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (MessageHandedOver)
        {
            return;
        }

        // Only the last few bytes matter, and the terminator may straddle two writes.
        for (var i = Math.Max(offset, offset + count - Terminator.Length); i < offset + count; i++)
        {
            if (_tailLength == _tail.Length)
            {
                Array.Copy(_tail, 1, _tail, 0, _tail.Length - 1);
                _tailLength--;
            }

            _tail[_tailLength++] = buffer[i];
        }

        MessageHandedOver = _tailLength == Terminator.Length && _tail.AsSpan().SequenceEqual(Terminator);
    }

    public void LogConnect(Uri uri) { }

    public void LogServer(byte[] buffer, int offset, int count) { }

    public void Dispose() { }
}
