import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link, useLocation } from "../../app/router";

/** Any path of the console that is not a page. */
export function NotFoundPage() {
  const { path } = useLocation();
  return (
    <Stack gap="sm" maw={640}>
      <Title order={1}>Page not found</Title>
      <Text>
        There is no console page at <code>/admin{path}</code>.
      </Text>
      <Text>
        <Anchor component={Link} to="/groups">
          Go to the groups
        </Anchor>{" "}
        or pick a page in the navigation.
      </Text>
    </Stack>
  );
}
