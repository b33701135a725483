/** On the board, a copy links to the submission it copies. */
export function DuplicateLink({ duplicateOfId }: { duplicateOfId: number | null }) {
  if (duplicateOfId === null) return null;
  return (
    <a
      href={`/submissions/${duplicateOfId}`}
      className="block text-xs underline underline-offset-2"
      aria-label={`Copy of submission ${duplicateOfId}`}
    >
      copy of #{duplicateOfId}
    </a>
  );
}
