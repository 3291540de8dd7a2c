export { outsetaBackend } from "./person";
export { outsetaService } from "./service";
