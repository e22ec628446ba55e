namespace Mailroom.Mail.Tests;

/// <summary>Runs alone, so the memory figure a test prints is about its own work.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
