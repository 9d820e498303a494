import { Anchor, Stack, Text, Title } from "@mantine/core";

/** A page of the console that is not built yet: said plainly, with no made-up data. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <Stack gap="sm" maw={640}>
      <Title order={1}>{title}</Title>
      <Text>This page is coming in the next release of the console.</Text>
      <Text c="dimmed" size="sm">
        It will let you {what}. Until then the same operations are available through the GraphQL API (the playground at <Anchor href="/graphql">/graphql</Anchor>) and the{" "}
        <code>gatehouse</code> command line.
      </Text>
    </Stack>
  );
}
