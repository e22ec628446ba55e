namespace Mailroom.Engine.Monitor;

/// <summary>Thrown into MimeKit's decoder by <see cref="AttachmentBuffer"/> to stop decoding an attachment above the limit.</summary>
internal sealed class AttachmentTooLargeException : IOException
{
    public AttachmentTooLargeException()
        : base("The attachment is larger than the item imports.")
    {
    }

    public AttachmentTooLargeException(string message)
        : base(message)
    {
    }

    public AttachmentTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
