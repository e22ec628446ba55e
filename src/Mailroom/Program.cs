// Placeholder entry point until the command tree lands (issue 2).
return 0;
