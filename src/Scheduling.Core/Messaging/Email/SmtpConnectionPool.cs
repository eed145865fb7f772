using System.Collections.Concurrent;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// At most Connections open SMTP connections per process, opened on first need and reused: throughput
/// comes from several connections in parallel, since each one waits on round trips.
/// </summary>
internal sealed class SmtpConnectionPool(SmtpOptions options) : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Connections, options.Connections);
    private readonly ConcurrentBag<SmtpConnection> _idle = [];
    private readonly ConcurrentDictionary<SmtpConnection, byte> _all = new();
    private bool _disposed;

    public async Task<SmtpConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        if (_idle.TryTake(out var connection))
        {
            return connection;
        }

        connection = new SmtpConnection(options);
        _all.TryAdd(connection, 0);
        return connection;
    }

    public void Return(SmtpConnection connection)
    {
        _idle.Add(connection);
        _slots.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var connection in _all.Keys)
        {
            await connection.DisposeAsync();
        }

        _slots.Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var connection in _all.Keys)
        {
            connection.Dispose();
        }

        _slots.Dispose();
    }
}
