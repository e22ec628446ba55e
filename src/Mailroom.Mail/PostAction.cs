namespace Mailroom.Mail;

/// <summary>What happens to a message on the server once it is filed.</summary>
public abstract record PostAction
{
    public static PostAction MarkRead { get; } = new MarkReadAction();

    public static PostAction Delete { get; } = new DeleteAction();

    public static PostAction MoveTo(string folder) => new MoveAction(folder);

    /// <summary>Parses <c>mark-read</c>, <c>delete</c> or <c>move:FOLDER</c>.</summary>
    public static bool TryParse(string? text, out PostAction action)
    {
        action = MarkRead;
        switch (text?.Trim())
        {
            case "mark-read":
                return true;
            case "delete":
                action = Delete;
                return true;
            case { } t when t.StartsWith("move:", StringComparison.Ordinal) && t.Length > "move:".Length:
                action = MoveTo(t["move:".Length..]);
                return true;
            default:
                return false;
        }
    }

    public sealed record MarkReadAction : PostAction
    {
        public override string ToString() => "mark-read";
    }

    public sealed record DeleteAction : PostAction
    {
        public override string ToString() => "delete";
    }

    public sealed record MoveAction(string Folder) : PostAction
    {
        public override string ToString() => $"move:{Folder}";
    }
}
