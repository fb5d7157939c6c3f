export function standardTags(purpose: string): Record<string, string> {
  return { purpose, "managed-by": "pulumi" };
}
