// Every documented HTTP route, in the order the document lists them.
import { blockRoutesDoc } from "./routes-blocks";
import { accountRoutes, seedAliasDocs } from "./routes-account";
import { fileRoutesDoc, documentRoutes } from "./routes-files";
import { groupRoutesDoc } from "./routes-groups";
import { searchRoutesDoc } from "./routes-search";
import type { RouteDoc } from "./route-doc";
import { socialRoutes } from "./routes-social";

export const ROUTES: readonly RouteDoc[] = [
  ...accountRoutes,
  ...socialRoutes,
  ...blockRoutesDoc,
  ...searchRoutesDoc,
  ...groupRoutesDoc,
  ...fileRoutesDoc,
  ...documentRoutes,
  ...seedAliasDocs,
];
