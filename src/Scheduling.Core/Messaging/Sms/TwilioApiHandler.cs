using System.Net;

namespace Scheduling.Core.Messaging.Sms;

/// <summary>
/// Sits under the Twilio SDK's HttpClient. It sends the SDK's requests (always built for
/// https://api.twilio.com) to Sms:Twilio:ApiBaseUrl, and it reports to the send in progress whether the
/// request body was written to the connection, which separates "transient" from "unknown" when no answer comes.
/// </summary>
internal sealed class TwilioApiHandler(Uri apiBaseUrl) : DelegatingHandler
{
    private readonly string _basePath = apiBaseUrl.AbsolutePath.TrimEnd('/');

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (request.RequestUri is { } original)
        {
            request.RequestUri = new UriBuilder(apiBaseUrl)
            {
                Path = _basePath + original.AbsolutePath,
                Query = original.Query,
            }.Uri;
        }

        // The SDK takes no cancellation token; the send passes its own through the request scope.
        var scope = TwilioRequestScope.Current;
        if (scope is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Content is { } content)
        {
            request.Content = new WatchedContent(content, scope);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.CancellationToken);
        return await base.SendAsync(request, linked.Token);
    }

    /// <summary>
    /// The SDK's form body, unchanged, marking the scope once all of it was written to the connection.
    /// </summary>
    private sealed class WatchedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly TwilioRequestScope _scope;

        public WatchedContent(HttpContent inner, TwilioRequestScope scope)
        {
            _inner = inner;
            _scope = scope;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(
            Stream stream,
            TransportContext? context,
            CancellationToken cancellationToken
        )
        {
            await _inner.CopyToAsync(stream, context, cancellationToken);
            _scope.BodyWritten = true;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>One send's view of its HTTP request, carried to the handler through the async flow.</summary>
internal sealed class TwilioRequestScope : IDisposable
{
    private static readonly AsyncLocal<TwilioRequestScope?> Ambient = new();
    private readonly TwilioRequestScope? _outer;

    private TwilioRequestScope(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    public static TwilioRequestScope? Current => Ambient.Value;

    public CancellationToken CancellationToken { get; }

    /// <summary>Set once the whole request body was written: from then on Twilio may have the message.</summary>
    public bool BodyWritten { get; set; }

    public static TwilioRequestScope Begin(CancellationToken cancellationToken) => new(cancellationToken);

    public void Dispose() => Ambient.Value = _outer;
}
