using System.Text;
using System.Text.Json;

namespace Scheduling.Web.Hosting;

/// <summary>Walks a JSON document's strings and property names, with the path a client would name them by.</summary>
internal static class JsonStrings
{
    /// <summary>
    /// "openingHours[0].open" of the first string that cannot be stored; null when all can, or when it is not JSON.
    /// </summary>
    public static string? FirstUnstorable(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (token == JsonTokenType.PropertyName)
                {
                    var name = Text(ref reader);
                    if (name is null || !InputGuard.IsStorable(name))
                    {
                        return Path(frames);
                    }

                    frames[^1] = frames[^1] with { Property = name };
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                }

                if (token == JsonTokenType.String && !(Text(ref reader) is { } text && InputGuard.IsStorable(text)))
                {
                    return Path(frames);
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add(new Frame(token == JsonTokenType.StartArray, -1, null));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's reader says so, with its own 400.
            return null;
        }

        return null;
    }

    /// <summary>
    /// The string, or null when it is not valid UTF-8 or escapes an unpaired surrogate (the reader refuses both).
    /// </summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Property is { } property)
            {
                path.Append(path.Length > 0 ? "." : "").Append(InputGuard.IsStorable(property) ? property : "?");
            }
        }

        return path.Length > 0 ? path.ToString() : "body";
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Property);
}
