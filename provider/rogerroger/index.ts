export { rogerrogerBackend } from "./person";
export { rogerrogerNotesApi } from "./notes";
export { rogerrogerService } from "./service";
